using Kailash.Nodes.Sql;
using Kailash.Security;
using Kailash.Tests.Security;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes.Sql;

public sealed class SqlDatabaseNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private WorkflowPermissions Permissions => new() { FileRoots = [_dir.Path] };

    private string Url => "sqlite:///" + _dir.File("shop.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sqlite_CreateInsertSelect_WithNamedAndPositionalParameters(bool async)
    {
        Sql("CREATE TABLE orders (id INTEGER, region TEXT, amount REAL)", async: async);
        var inserted = Sql("INSERT INTO orders VALUES (:id, :region, :amount)", setsOf: [
            new Dictionary<string, object?> { ["id"] = 1L, ["region"] = "north", ["amount"] = 10.5 },
            new Dictionary<string, object?> { ["id"] = 2L, ["region"] = "south", ["amount"] = 20.0 },
            new Dictionary<string, object?> { ["id"] = 3L, ["region"] = "north", ["amount"] = 5.0 },
        ], async: async);

        var named = Sql("SELECT id, amount FROM orders WHERE region = :region ORDER BY id", new Dictionary<string, object?> { ["region"] = "north" }, async: async);
        var positional = Sql("SELECT id FROM orders WHERE amount > ? AND region = ?", new List<object?> { 6.0, "north" }, async: async);

        Assert.Equal(3L, inserted["row_count"]);
        Assert.Equal(new List<object?> { "id", "amount" }, named["columns"]);
        Assert.Equal(2L, named["row_count"]);
        var rows = (List<object?>)named["data"]!;
        Assert.Equal(10.5, ((Dictionary<string, object?>)rows[0]!)["amount"]);
        Assert.Equal(1L, ((Dictionary<string, object?>)Assert.Single((List<object?>)positional["data"]!)!)["id"]);
    }

    [Fact]
    public void Injection_InAParameter_StaysAValue()
    {
        Sql("CREATE TABLE users (name TEXT)");
        Sql("INSERT INTO users VALUES (:name)", new Dictionary<string, object?> { ["name"] = "alice" });

        var hostile = Sql("SELECT name FROM users WHERE name = :name", new Dictionary<string, object?> { ["name"] = "x' OR '1'='1'; DROP TABLE users; --" });
        var still = Sql("SELECT COUNT(*) AS n FROM users");

        Assert.Equal(0L, hostile["row_count"]);
        Assert.Equal(1L, ((Dictionary<string, object?>)((List<object?>)still["data"]!)[0]!)["n"]);
    }

    [Fact]
    public void ListFormat_AndAdoNetConnectionString()
    {
        var outputs = NodeRunner.Outputs("SQLDatabaseNode", new()
        {
            ["connection_string"] = "Data Source=" + _dir.File("ado.db"),
            ["query"] = "SELECT 1 AS one, 'two' AS two",
            ["result_format"] = "list",
        }, Permissions);

        Assert.Equal(new List<object?> { 1L, "two" }, ((List<object?>)outputs["data"]!)[0]);
    }

    [Theory]
    [InlineData("SELECT :a, :b", "missing b")]
    [InlineData("SELECT ?, ?", "count")]
    [InlineData("SELECT :a, ?", "mix")]
    public void ParameterMismatch_IsACodedError(string query, string _)
    {
        object? parameters = query.Contains('?', StringComparison.Ordinal) && !query.Contains(':', StringComparison.Ordinal) ? new List<object?> { 1L } : new Dictionary<string, object?> { ["a"] = 1L };
        var ex = NodeRunner.Failure("SQLDatabaseNode", new() { ["connection_string"] = Url, ["query"] = query, ["parameters"] = parameters }, Permissions);

        Assert.Equal(ErrorCodes.SqlFailed, ex.Code);
        Assert.Equal("parameters", ex.Port);
    }

    [Fact]
    public void SqlError_IsACodedErrorWithoutTheConnectionString()
    {
        var ex = NodeRunner.Failure("SQLDatabaseNode", new() { ["connection_string"] = Url, ["query"] = "SELEC nonsense" }, Permissions);

        Assert.Equal(ErrorCodes.SqlFailed, ex.Code);
        Assert.DoesNotContain(_dir.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteFileOutsideTheRoots_IsRefusedAtBuild()
    {
        var ex = Assert.Throws<WorkflowValidationException>(() => NodeRunner.Run("SQLDatabaseNode", new() { ["connection_string"] = "sqlite:////etc/evil.db", ["query"] = "SELECT 1" }, Permissions));

        Assert.Contains(ex.Errors, e => e.Code == ErrorCodes.PathNotAllowed && e.Port == "connection_string");
    }

    [Theory]
    [InlineData("mysql://root@db/shop")]
    [InlineData("just some text")]
    [InlineData("postgresql://")]
    public void UnusableConnectionString_IsACodedError(string connection)
    {
        var ex = Assert.Throws<WorkflowValidationException>(() => NodeRunner.Run("SQLDatabaseNode", new() { ["connection_string"] = connection, ["query"] = "SELECT 1" }, Permissions));

        Assert.Contains(ex.Errors, e => e.Code == ErrorCodes.InvalidConnectionString);
    }

    [Fact]
    public void PostgresUrl_BecomesAnNpgsqlConnectionString()
    {
        var info = SqlConnectionInfo.Parse("postgresql+psycopg2://app:p%40ss@db.example.com:6543/shop?sslmode=require", Permissions, "n");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(info.ConnectionString);

        Assert.Equal(SqlConnectionInfo.PostgreSql, info.Provider);
        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("shop", builder.Database);
        Assert.Equal("app", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.DoesNotContain("p@ss", info.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a = :a AND b = ?", "SELECT * FROM t WHERE a = @a AND b = @p1")]
    [InlineData("SELECT ':not', \"?\", x::int FROM t -- :c ?\nWHERE y = :y", "SELECT ':not', \"?\", x::int FROM t -- :c ?\nWHERE y = @y")]
    [InlineData("SELECT 'it''s :x' /* ? */ , :z", "SELECT 'it''s :x' /* ? */ , @z")]
    public void Placeholders_AreRewrittenOutsideLiteralsAndComments(string query, string expected)
        => Assert.Equal(expected, SqlPlaceholders.Rewrite(query).Sql);

    private IReadOnlyDictionary<string, object?> Sql(string query, object? parameters = null, List<object?>? setsOf = null, bool async = false)
    {
        var config = new Dictionary<string, object?> { ["connection_string"] = Url, ["query"] = query };
        if (parameters is not null)
        {
            config["parameters"] = parameters;
        }

        if (setsOf is not null)
        {
            config["parameter_sets"] = setsOf;
        }

        return NodeRunner.Outputs("SQLDatabaseNode", config, Permissions, async);
    }
}
