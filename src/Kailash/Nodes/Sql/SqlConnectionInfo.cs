using System.Data.Common;
using Kailash.Security;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kailash.Nodes.Sql;

/// <summary>
/// Reads a connection string in either form Kailash files carry: a SQLAlchemy-style URL (<c>sqlite:///shop.db</c>,
/// <c>sqlite:////abs/shop.db</c>, <c>sqlite:///:memory:</c>, <c>postgresql://user:pw@host:5432/db</c>, driver suffixes such as
/// <c>postgresql+psycopg2</c> accepted) or an ADO.NET string (<c>Data Source=shop.db</c> → SQLite,
/// <c>Host=…;Database=…</c> → PostgreSQL). A SQLite file must lie under the allowed roots like any other file.
/// </summary>
internal sealed record SqlConnectionInfo(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public static SqlConnectionInfo Parse(string text, WorkflowPermissions permissions, string? nodeId)
    {
        var trimmed = text.Trim();
        var at = trimmed.IndexOf("://", StringComparison.Ordinal);
        var scheme = at > 0 ? trimmed[..at].ToLowerInvariant() : null;
        if (scheme is not null && !scheme.Contains('=', StringComparison.Ordinal))
        {
            var dialect = scheme.Split('+')[0];
            return dialect switch
            {
                "sqlite" => FromSqliteUrl(trimmed[(at + 3)..], permissions, nodeId),
                "postgresql" or "postgres" => FromPostgresUrl(trimmed, nodeId),
                _ => throw Invalid(nodeId, $"the database '{dialect}' is not supported; use sqlite:///file.db or postgresql://user@host/db (or an ADO.NET connection string)."),
            };
        }

        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = trimmed };
        }
        catch (ArgumentException ex)
        {
            throw Invalid(nodeId, $"it is neither a database URL nor a valid ADO.NET connection string ({ex.Message}).");
        }

        if (builder.ContainsKey("Host") || builder.ContainsKey("Server") || builder.ContainsKey("Username"))
        {
            return new SqlConnectionInfo(PostgreSql, Npgsql(trimmed, nodeId).ConnectionString);
        }

        if (builder.ContainsKey("Data Source") || builder.ContainsKey("DataSource") || builder.ContainsKey("Filename"))
        {
            SqliteConnectionStringBuilder sqlite;
            try
            {
                sqlite = new SqliteConnectionStringBuilder(trimmed);
            }
            catch (ArgumentException ex)
            {
                throw Invalid(nodeId, ex.Message);
            }

            sqlite.DataSource = CheckedSqliteFile(sqlite.DataSource, permissions, nodeId);
            return new SqlConnectionInfo(Sqlite, sqlite.ConnectionString);
        }

        throw Invalid(nodeId, "it names no database: use sqlite:///file.db, postgresql://user@host/db, 'Data Source=file.db' or 'Host=…;Database=…'.");
    }

    public DbDataSource CreateDataSource()
    {
        if (Provider == Sqlite && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { } file && file != ":memory:")
        {
            // The file was checked against the allowed roots; SQLite creates the file but not its directory.
            Files.FileNodeSupport.EnsureParent(file);
        }

        return Provider == Sqlite ? SqliteFactory.Instance.CreateDataSource(ConnectionString) : NpgsqlDataSource.Create(ConnectionString);
    }

    private static SqlConnectionInfo FromSqliteUrl(string rest, WorkflowPermissions permissions, string? nodeId)
    {
        // sqlite:// (memory), sqlite:///relative.db, sqlite:////absolute.db, sqlite:///:memory:
        var path = rest.Length == 0 ? ":memory:" : rest.StartsWith('/') ? rest[1..] : rest;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = CheckedSqliteFile(Uri.UnescapeDataString(path), permissions, nodeId) };
        return new SqlConnectionInfo(Sqlite, builder.ConnectionString);
    }

    private static string CheckedSqliteFile(string path, WorkflowPermissions permissions, string? nodeId)
        => path.Length == 0 || path == ":memory:" ? ":memory:" : permissions.ResolvePath(path, nodeId, "connection_string");

    private static SqlConnectionInfo FromPostgresUrl(string url, string? nodeId)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(nodeId, "the PostgreSQL URL is not valid; expected postgresql://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(parts[1].Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var ssl))
            {
                builder.SslMode = ssl;
            }
        }

        return new SqlConnectionInfo(PostgreSql, builder.ConnectionString);
    }

    private static NpgsqlConnectionStringBuilder Npgsql(string text, string? nodeId)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(nodeId, ex.Message);
        }
    }

    private static KailashException Invalid(string? nodeId, string problem)
        => new(ErrorCodes.InvalidConnectionString, $"{(nodeId is null ? string.Empty : $"Node '{nodeId}': ")}The connection string is not usable: {problem}", nodeId, "connection_string");

    /// <inheritdoc />
    public override string ToString() => Provider; // never the connection string: it may hold a password
}
