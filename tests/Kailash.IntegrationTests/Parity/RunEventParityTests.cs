using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kailash.Runtime.Events;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Every catalogue scenario gives the same run events on both runtimes: numbered 1, 2, 3… without gaps, opened by
/// <see cref="RunStarted"/> and closed by the run's end event, and — minus run ids, times and durations — the same
/// sequence. With MaxConcurrency 1 the whole sequence is identical; under concurrency independent nodes may interleave,
/// so each node's own sequence (and the multiset of all events) must be identical.
/// </summary>
public sealed class RunEventParityTests
{
    [Theory]
    [MemberData(nameof(ParityCatalogue.Cases), MemberType = typeof(ParityCatalogue))]
    public async Task Scenario_GivesTheSameEvents_OnSyncAndAsync(string scenarioName, RuntimeKind asyncKind)
    {
        var scenario = ParityCatalogue.Get(scenarioName);
        var sync = await Collect(scenario, RuntimeKind.Sync);
        var other = await Collect(scenario, asyncKind);

        if (sync.Result is null)
        {
            // Refused before the run started: no event at all, on either runtime.
            Assert.Empty(sync.Events);
            Assert.Empty(other.Events);
            return;
        }

        AssertWellFormed(sync.Events, sync.Result.RunId);
        AssertWellFormed(other.Events, other.Result!.RunId);
        var expected = sync.Events.Select(Normalise).ToList();
        var actual = other.Events.Select(Normalise).ToList();
        if (asyncKind == RuntimeKind.AsyncSequential)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.Equal(ByNode(sync.Events), ByNode(other.Events));
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected[^1], actual[^1]);
    }

    private static async Task<(List<RunEvent> Events, Kailash.Runtime.WorkflowRunResult? Result)> Collect(ParityScenario scenario, RuntimeKind kind)
    {
        var events = new ConcurrentQueue<RunEvent>();
        var run = await ParityRunner.RunAsync(scenario, kind, events.Enqueue);
        return ([.. events], run.Result);
    }

    private static void AssertWellFormed(List<RunEvent> events, string runId)
    {
        Assert.IsType<RunStarted>(events[0]);
        Assert.True(events[^1] is RunCompleted or RunFailed or RunCancelled, $"The last event is {events[^1].Type}.");
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(i + 1, events[i].Seq);
            Assert.Equal(runId, events[i].RunId);
        }
    }

    private static string Normalise(RunEvent runEvent)
    {
        var json = JsonNode.Parse(RunEventJson.Serialize(runEvent))!.AsObject();
        json.Remove("timestamp");
        json.Remove("duration");
        json.Remove("run_id");
        json.Remove("seq");
        return json.ToJsonString();
    }

    private static Dictionary<string, string> ByNode(List<RunEvent> events)
        => events.OfType<NodeEvent>().GroupBy(e => e.NodeId).ToDictionary(g => g.Key, g => string.Join("\n", g.Select(Normalise)));
}
