using Kailash.Security;
using Kailash.Testing;
using Npgsql;

namespace Kailash.Tests.Nodes.Sql;

/// <summary>
/// <c>SQLDatabaseNode</c> on a real PostgreSQL server (the throwaway cluster of <see cref="PostgresServer"/>, or
/// KAILASH_TEST_POSTGRES): SQLAlchemy-style URLs as Python files carry them, named and positional parameters on both
/// runtimes, and SQL in a parameter staying data. Each test uses a database of its own.
/// </summary>
public sealed class SqlDatabaseNodePostgresTests
{
    private static readonly WorkflowPermissions Permissions = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PostgresUrl_CreateInsertSelect_WithNamedAndPositionalParameters(bool async)
    {
        var url = await NewDatabaseUrlAsync("postgresql");
        Sql(url, "CREATE TABLE orders (id integer PRIMARY KEY, region text, amount numeric(10, 2))", async: async);

        var inserted = Sql(url, "INSERT INTO orders VALUES (:id, :region, :amount)", setsOf: [
            new Dictionary<string, object?> { ["id"] = 1L, ["region"] = "north", ["amount"] = 10.5 },
            new Dictionary<string, object?> { ["id"] = 2L, ["region"] = "south", ["amount"] = 20.0 },
            new Dictionary<string, object?> { ["id"] = 3L, ["region"] = "north", ["amount"] = 5.25 },
        ], async: async);
        var named = Sql(url, "SELECT id, amount FROM orders WHERE region = :region ORDER BY id", new Dictionary<string, object?> { ["region"] = "north" }, async: async);
        var positional = Sql(url, "SELECT id FROM orders WHERE amount > ? AND region = ?", new List<object?> { 6.0, "north" }, async: async);

        Assert.Equal(3L, inserted["row_count"]);
        Assert.Equal(new List<object?> { "id", "amount" }, named["columns"]);
        Assert.Equal(2L, named["row_count"]);
        var rows = (List<object?>)named["data"]!;
        Assert.Equal(10.5m, Convert.ToDecimal(Row(rows, 0)["amount"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3L, Convert.ToInt64(Row(rows, 1)["id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Convert.ToInt64(Row((List<object?>)positional["data"]!, 0)["id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single((List<object?>)positional["data"]!);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("postgresql+psycopg2")]
    public async Task UrlSchemeVariants_AsPythonFilesCarryThem_Connect(string scheme)
    {
        var url = await NewDatabaseUrlAsync(scheme);

        var outputs = Sql(url, "SELECT current_database() AS db, :n::int + 1 AS next", new Dictionary<string, object?> { ["n"] = 41L });

        var row = Row((List<object?>)outputs["data"]!, 0);
        Assert.StartsWith("sqlnode_", (string)row["db"]!, StringComparison.Ordinal);
        Assert.Equal(42L, Convert.ToInt64(row["next"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AdoNetConnectionString_AlsoWorks()
    {
        var server = await PostgresServer.GetAsync();
        var connection = await server.CreateDatabaseAsync("sqlnode");

        var outputs = Sql(connection, "SELECT ? AS echoed", new List<object?> { "plain" }, format: "list");

        Assert.Equal(new List<object?> { "plain" }, ((List<object?>)outputs["data"]!)[0]);
    }

    [Theory]
    [InlineData("x' OR '1'='1")]
    [InlineData("alice'; DROP TABLE users; --")]
    [InlineData("$$; DELETE FROM users; $$")]
    public async Task SqlInAParameter_StaysData(string hostile)
    {
        var url = await NewDatabaseUrlAsync("postgresql");
        Sql(url, "CREATE TABLE users (name text)");
        Sql(url, "INSERT INTO users VALUES (:name)", new Dictionary<string, object?> { ["name"] = "alice" });

        var named = Sql(url, "SELECT name FROM users WHERE name = :name", new Dictionary<string, object?> { ["name"] = hostile });
        var positional = Sql(url, "SELECT name FROM users WHERE name = ?", new List<object?> { hostile });
        Sql(url, "INSERT INTO users VALUES (:name)", new Dictionary<string, object?> { ["name"] = hostile });
        var all = Sql(url, "SELECT name FROM users ORDER BY name");

        Assert.Equal(0L, named["row_count"]);
        Assert.Equal(0L, positional["row_count"]);
        var names = ((List<object?>)all["data"]!).Select(r => (string)((Dictionary<string, object?>)r!)["name"]!).ToList();
        Assert.Equal(2, names.Count);
        Assert.Contains("alice", names);
        Assert.Contains(hostile, names);
    }

    [Fact]
    public async Task SqlError_IsACodedError_WithoutThePassword()
    {
        var url = await NewDatabaseUrlAsync("postgresql", password: "s3cret-pw");

        var ex = NodeRunner.Failure("SQLDatabaseNode", new() { ["connection_string"] = url, ["query"] = "SELEC nonsense" }, Permissions);

        Assert.Equal(ErrorCodes.SqlFailed, ex.Code);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Row(List<object?> rows, int index) => (Dictionary<string, object?>)rows[index]!;

    /// <summary>A fresh database on the test server, as a SQLAlchemy-style URL (<c>scheme://user[:password]@host:port/db</c>).</summary>
    private static async Task<string> NewDatabaseUrlAsync(string scheme, string? password = null)
    {
        var server = await PostgresServer.GetAsync();
        var builder = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("sqlnode"));
        var credentials = Uri.EscapeDataString(builder.Username!) + (password is null ? string.Empty : ":" + Uri.EscapeDataString(password));
        return $"{scheme}://{credentials}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static IReadOnlyDictionary<string, object?> Sql(string connection, string query, object? parameters = null, List<object?>? setsOf = null, bool async = false, string? format = null)
    {
        var config = new Dictionary<string, object?> { ["connection_string"] = connection, ["query"] = query };
        if (parameters is not null)
        {
            config["parameters"] = parameters;
        }

        if (setsOf is not null)
        {
            config["parameter_sets"] = setsOf;
        }

        if (format is not null)
        {
            config["result_format"] = format;
        }

        return NodeRunner.Outputs("SQLDatabaseNode", config, Permissions, async);
    }
}
