using System.Data.Common;
using Npgsql;

namespace Kailash.Durability;

/// <summary>PostgreSQL: pooled connections from an <see cref="NpgsqlDataSource"/>, tables in their own schema, the run row locked per commit.</summary>
internal sealed class PostgresDialect : StoreDialect
{
    /// <summary>The advisory lock that serialises schema creation between processes.</summary>
    private const long SchemaLock = 0x4B61696C617368;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;

    public PostgresDialect(NpgsqlDataSource dataSource, bool ownsDataSource, string schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || !schema.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || char.IsDigit(schema[0]))
        {
            throw new RunStoreException(ErrorCodes.InvalidStoreSpec, $"The PostgreSQL schema name '{schema}' is invalid; use lower-case letters, digits and underscores, starting with a letter.");
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _schema = schema;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username} (schema {schema})";
    }

    public override string Name => "PostgreSQL";

    public override string Location { get; }

    public override string TablePrefix => $"\"{_schema}\".";

    public override string BlobType => "BYTEA";

    public override string WithoutRowId => string.Empty;

    public override string ForUpdate => " FOR UPDATE";

    public override bool KeepsConnection => false;

    public override string ListTablesSql => $"SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{_schema}'";

    public static PostgresDialect FromConnectionString(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new RunStoreException(ErrorCodes.InvalidStoreSpec, $"The PostgreSQL connection string is malformed: {ex.Message}. Use the form 'Host=localhost;Port=5432;Database=kailash;Username=me'.", ex);
        }

        try
        {
            return new PostgresDialect(dataSource, ownsDataSource: true, schema);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask ReleaseAsync(DbConnection connection) => connection.DisposeAsync();

    public override async ValueTask PrepareSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLock}); CREATE SCHEMA IF NOT EXISTS \"{_schema}\"";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override RunStoreException Translate(Exception exception, string operation)
        => new(ErrorCodes.StoreUnavailable, $"The PostgreSQL run store at {Location} could not {operation}: {exception.Message}. Check that the server is running and reachable; nothing already committed is lost.", exception);

    public override async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
