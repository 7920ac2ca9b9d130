using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Testing;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine.Durable;

/// <summary>The PostgreSQL server stops between two commits of a run: a coded error, nothing committed lost, and the run resumes once the server is back.</summary>
public sealed class StoreGoneTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_store_that_goes_away_mid_run_fails_it_with_a_code_and_it_resumes_later(bool sync)
    {
        var server = await PostgresServer.StartPrivateAsync();
        try
        {
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Timeout = 3 }.ConnectionString;
            var first = 0;
            var gated = 0;
            using var reached = new SemaphoreSlim(0);
            using var release = new SemaphoreSlim(0);
            Workflow Build() => new WorkflowBuilder("gone")
                .AddNode("first", new LambdaNode(_ => Interlocked.Increment(ref first)))
                .AddNode("gate", new LambdaNode(inputs =>
                {
                    if (Interlocked.Increment(ref gated) == 1)
                    {
                        reached.Release();
                        release.Wait(TestContext.Current.CancellationToken);
                    }

                    return inputs.Get<long>("value") * 10;
                }, [new NodeParameter("value", typeof(long)) { Required = true }]))
                .AddConnection("first", "result", "gate", "value")
                .Build();

            Task<WorkflowRunResult> running;
            await using (var store = new PostgresRunStore(connection, schema: "gone"))
            {
                var options = new RuntimeOptions { RunStore = store };
                running = Task.Run(async () =>
                {
                    if (sync)
                    {
                        using var local = new LocalRuntime(options);
                        return local.Execute(Build(), null, new RunSettings { RunId = "gone-run" }, TestContext.Current.CancellationToken);
                    }

                    await using var runtime = new AsyncLocalRuntime(options);
                    return await runtime.ExecuteAsync(Build(), null, new RunSettings { RunId = "gone-run" }, TestContext.Current.CancellationToken);
                }, TestContext.Current.CancellationToken);
                await reached.WaitAsync(TestContext.Current.CancellationToken);
                await server.StopAsync();
                release.Release();

                var error = await Assert.ThrowsAsync<RunStoreException>(() => running);
                Assert.Equal(ErrorCodes.StoreUnavailable, error.Code);
            }

            await server.RestartAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var back = new PostgresRunStore(connection, schema: "gone");
            var kept = await back.GetNodeExecutionsAsync("gone-run", 0, TestContext.Current.CancellationToken);
            Assert.Equal(NodeExecutionStatus.Completed, kept.Single(r => r.NodeId == "first").Status);

            using var resumer = new LocalRuntime(new RuntimeOptions { RunStore = back });
            var resumed = resumer.Resume(Build(), "gone-run", cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(10L, resumed["gate"]["result"]);
            Assert.Equal(1, first);
            Assert.Equal(2, gated);
        }
        finally
        {
            await server.DisposeClusterAsync();
        }
    }
}
