using Kailash.Runtime;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Engine.Persistence;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Every catalogue scenario, paused after its first, middle and last-but-one unit: the run's state is written to JSON,
/// read back, and continued by a fresh runtime; the result must equal the uninterrupted run's, on both runtimes.
/// </summary>
public sealed class RunStateRoundTripTests
{
    /// <summary>
    /// Scenarios whose outcome depends on state that belongs to the runtime, not to the run (a circuit breaker shared by
    /// key across runs): they continue, from the serialised copy, on the runtime that paused them.
    /// </summary>
    private static readonly HashSet<string> RuntimeWideState = new(StringComparer.Ordinal) { "circuit-breaker-opens-on-shared-key" };

    public static TheoryData<string, RuntimeKind> Cases()
    {
        var data = new TheoryData<string, RuntimeKind>();
        foreach (var scenario in ParityCatalogue.All)
        {
            data.Add(scenario.Name, RuntimeKind.Sync);
            data.Add(scenario.Name, scenario.SequentialOnly ? RuntimeKind.AsyncSequential : RuntimeKind.AsyncConcurrent);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PausedRun_ContinuedFromItsSerialisedState_GivesTheUninterruptedResult(string scenarioName, RuntimeKind kind)
    {
        var scenario = ParityCatalogue.Get(scenarioName);
        var original = await RunAsync(scenario, kind, scenario.Build(), from: null, pauseAfter: 0);
        if (original.Refused is { } refused)
        {
            // Refused before any node ran: there is no state to pause; the refusal itself is covered by ParityTests.
            Assert.False(string.IsNullOrEmpty(refused.Code));
            return;
        }

        var expected = Snapshot(original.Result!);
        var units = original.Plan.Units.Length;
        foreach (var pauseAfter in new[] { 1, Math.Max(1, units / 2), units - 1 }.Where(k => k >= 1 && k < units).Distinct())
        {
            var workflow = scenario.Build();
            var keep = RuntimeWideState.Contains(scenario.Name) ? NewRuntime(scenario, kind) : null;
            try
            {
                var paused = await RunAsync(scenario, kind, workflow, from: null, pauseAfter, keep);
                if (paused.Result is { } drained)
                {
                    // Under concurrency, units in flight when the hook paused finish first; they may have been the last ones.
                    Assert.Equal(RuntimeKind.AsyncConcurrent, kind);
                    Assert.Equal(expected, Snapshot(drained));
                    continue;
                }

                var state = paused.State!;
                Assert.True(state.CompletedUnits.Count(done => done) >= pauseAfter);
                if (state.MaskedOutputs.Any(masked => masked))
                {
                    // A node output held a secret: the state would have to store it, which it never does.
                    var refusedState = Assert.Throws<KailashException>(() => RunStateSerializer.Serialize(state, paused.Plan));
                    Assert.Equal(ErrorCodes.RunStateHoldsSecret, refusedState.Code);
                    continue;
                }

                var json = RunStateSerializer.Serialize(state, paused.Plan);
                var continued = await RunAsync(scenario, kind, workflow, json, pauseAfter: 0, keep);

                Assert.NotNull(continued.Result);
                Assert.Equal(expected, Snapshot(continued.Result));
            }
            finally
            {
                await DisposeAsync(keep);
            }
        }
    }

    [Fact]
    public async Task State_IsVersionedJson_WithStableNames()
    {
        var scenario = ParityCatalogue.Get("linear");
        var paused = await RunAsync(scenario, RuntimeKind.Sync, scenario.Build(), from: null, pauseAfter: 2);

        var text = System.Text.Encoding.UTF8.GetString(RunStateSerializer.Serialize(paused.State!, paused.Plan));

        Assert.StartsWith("{\"schema_version\":1,", text, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Completed\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Version=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_OfAnotherWorkflow_IsRefusedWithCode()
    {
        var scenario = ParityCatalogue.Get("linear");
        var paused = await RunAsync(scenario, RuntimeKind.Sync, scenario.Build(), from: null, pauseAfter: 1);
        var json = RunStateSerializer.Serialize(paused.State!, paused.Plan);
        using var runtime = new LocalRuntime();
        var other = ParityCatalogue.Get("fan-out-fan-in").Build();

        var error = Assert.Throws<KailashException>(() => RunStateSerializer.Deserialize(json, runtime.Engine.GetPlan(other)));

        Assert.Equal(ErrorCodes.RunStateMismatch, error.Code);
    }

    /// <summary>The result's snapshot, naming a restored error by its original type (shared with the durable resume tests).</summary>
    internal static string Snapshot(WorkflowRunResult result, string? code = null)
        => ResultSnapshot.Of(result, code, static error => error is RestoredNodeException restored ? restored.OriginalTypeName[(restored.OriginalTypeName.LastIndexOf('.') + 1)..] : error.GetType().Name);

    private static BaseRuntime NewRuntime(ParityScenario scenario, RuntimeKind kind)
    {
        var options = new RuntimeOptions { MaxConcurrency = kind == RuntimeKind.AsyncConcurrent ? 8 : 1 };
        scenario.Configure?.Invoke(options);
        if (kind != RuntimeKind.AsyncConcurrent)
        {
            options.MaxConcurrency = 1;
        }

        return kind == RuntimeKind.Sync ? new LocalRuntime(options) : new AsyncLocalRuntime(options);
    }

    private static async Task DisposeAsync(BaseRuntime? runtime)
    {
        if (runtime is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            (runtime as IDisposable)?.Dispose();
        }
    }

    /// <summary>Runs (or continues from <paramref name="from"/>) on a fresh runtime (or <paramref name="shared"/>); pauses after <paramref name="pauseAfter"/> finished units when it is positive.</summary>
    private static async Task<Outcome> RunAsync(ParityScenario scenario, RuntimeKind kind, Workflow workflow, byte[]? from, int pauseAfter, BaseRuntime? shared = null)
    {
        var runtime = shared ?? NewRuntime(scenario, kind);
        try
        {
            var engine = runtime.Engine;
            var plan = engine.GetPlan(workflow);
            var state = from is null ? new RunState(plan, "round-trip") : RunStateSerializer.Deserialize(from, plan);
            var finished = 0;
            Func<RunState, bool>? pause = pauseAfter > 0 ? _ => ++finished >= pauseAfter : null;
            try
            {
                var result = await engine.ContinueAsync(workflow, state, scenario.Parameters, scenario.Settings, kind == RuntimeKind.Sync, pause, TestContext.Current.CancellationToken);
                return new Outcome(plan, result, result is null ? state : null, null);
            }
            catch (KailashException ex) when (from is null && pauseAfter == 0)
            {
                return new Outcome(plan, null, null, ex);
            }
        }
        finally
        {
            if (shared is null)
            {
                await DisposeAsync(runtime);
            }
        }
    }

    private sealed record Outcome(ExecutionPlan Plan, WorkflowRunResult? Result, RunState? State, KailashException? Refused);
}
