using Kailash.Durability;
using Kailash.Testing;

namespace Kailash.Tests.Durability;

/// <summary>The conformance suite on a real PostgreSQL server (a private cluster the fixture starts, or KAILASH_TEST_POSTGRES); each test gets its own schema.</summary>
public sealed class PostgresRunStoreTests : RunStoreConformance
{
    private string? _connectionString;

    protected override async Task<IRunStore> CreateStoreAsync(RetentionPolicy retention)
    {
        _connectionString ??= (await PostgresServer.GetAsync()).ConnectionString;
        return new PostgresRunStore(_connectionString, retention, schema: $"t_{Guid.NewGuid():N}");
    }

    [Fact]
    public async Task Two_stores_on_one_schema_share_runs_and_create_the_schema_once()
    {
        var server = await PostgresServer.GetAsync();
        var schema = $"shared_{Guid.NewGuid():N}";
        await using var a = new PostgresRunStore(server.ConnectionString, schema: schema);
        await using var b = new PostgresRunStore(server.ConnectionString, schema: schema);
        await Task.WhenAll(a.InitializeAsync(cancellationToken: Ct).AsTask(), b.InitializeAsync(cancellationToken: Ct).AsTask());

        await a.CreateRunAsync(NewRun("both"), cancellationToken: Ct);
        Assert.NotNull(await b.GetRunAsync("both", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_schema_holding_other_tables_is_refused()
    {
        var server = await PostgresServer.GetAsync();
        var schema = $"foreign_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.orders (id int)";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var store = new PostgresRunStore(server.ConnectionString, schema: schema);
        var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await store.InitializeAsync(cancellationToken: Ct));
        Assert.Equal(ErrorCodes.StoreForeign, ex.Code);
    }

    [Fact]
    public void A_malformed_connection_string_or_schema_is_a_coded_error()
    {
        Assert.Equal(ErrorCodes.InvalidStoreSpec, Assert.Throws<RunStoreException>(() => new PostgresRunStore("Hots=nowhere;;=")).Code);
        Assert.Equal(ErrorCodes.InvalidStoreSpec, Assert.Throws<RunStoreException>(() => new PostgresRunStore("Host=localhost", schema: "Robert'); DROP")).Code);
    }

    [Fact]
    public async Task A_server_that_goes_away_is_a_coded_error_and_nothing_committed_is_lost()
    {
        var server = await PostgresServer.StartPrivateAsync();
        try
        {
            var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Timeout = 3 }.ConnectionString;
            await using var store = new PostgresRunStore(connectionString);
            await store.CreateRunAsync(NewRun("away"), cancellationToken: Ct);
            var fence = (await store.AcquireLeaseAsync("away", "p", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, cancellationToken: Ct))!.Value;
            await store.CommitAsync([Complete("away", "a", fence, 1, 1, "1")], cancellationToken: Ct);

            await server.StopAsync();
            var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await store.CommitAsync([Complete("away", "b", fence, 1, 2, "2")], cancellationToken: Ct));
            Assert.Equal(ErrorCodes.StoreUnavailable, ex.Code);

            await server.RestartAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            var rows = await store.GetNodeExecutionsAsync("away", cancellationToken: Ct);
            Assert.Equal(["a"], rows.Select(r => r.NodeId));
        }
        finally
        {
            await server.DisposeClusterAsync();
        }
    }
}
