using Kailash.Runtime.Events;

namespace Kailash.Tests.Runtime.Events;

public sealed class RunEventJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<RunEvent> Events() =>
    [
        new RunStarted { RunId = "r", Seq = 1, Timestamp = T0, WorkflowId = "wf", TotalNodes = 4 },
        new NodeStarted { RunId = "r", Seq = 2, Timestamp = T0, NodeId = "a", NodeType = "ExpressionNode", Attempt = 2 },
        new NodeCompleted { RunId = "r", Seq = 3, Timestamp = T0, NodeId = "a", Duration = TimeSpan.FromMilliseconds(3), Ports = ["result"] },
        new NodeFailed { RunId = "r", Seq = 4, Timestamp = T0, NodeId = "b", Code = "KWF040", Error = "boom" },
        new NodeSkipped { RunId = "r", Seq = 5, Timestamp = T0, NodeId = "c", Reason = "ConditionalRouting" },
        new NodeRetrying { RunId = "r", Seq = 6, Timestamp = T0, NodeId = "b", Attempt = 1, Delay = TimeSpan.FromSeconds(1), Error = "flaky" },
        new CycleIteration { RunId = "r", Seq = 7, Timestamp = T0, CycleId = "loop", Iteration = 3, MaxIterations = 10 },
        new RequestInput { RunId = "r", Seq = 8, Timestamp = T0, NodeId = "ask", RequestId = "q1", Name = "approval", Prompt = "\"ok?\"", ExpiresAt = T0.AddDays(2) },
        new RunSuspended { RunId = "r", Seq = 9, Timestamp = T0, RequestIds = ["q1"] },
        new RunResumed { RunId = "r", Seq = 10, Timestamp = T0, RestoredNodes = 3 },
        new CheckpointSaved { RunId = "r", Seq = 11, Timestamp = T0, CommitSeq = 5 },
        new RunFailed { RunId = "r", Seq = 12, Timestamp = T0, NodeId = "b", Code = "KWF040", Error = "boom" },
        new RunCancelled { RunId = "r", Seq = 13, Timestamp = T0, Reason = "token" },
        new RunCompleted { RunId = "r", Seq = 14, Timestamp = T0, Duration = TimeSpan.FromSeconds(2) },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_type_round_trips_through_json_and_the_stored_form(RunEvent runEvent)
    {
        var json = RunEventJson.Serialize(runEvent);
        var record = RunEventJson.ToRecord(runEvent);

        Assert.StartsWith($"{{\"type\":\"{runEvent.Type}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', json);
        Assert.Equal((runEvent.RunId, runEvent.Seq, runEvent.Type, (runEvent as NodeEvent)?.NodeId), (record.RunId, record.Seq, record.Type, record.NodeId));
        var back = RunEventJson.FromRecord(record);
        Assert.Equal(json, RunEventJson.Serialize(back));
        Assert.Equal(runEvent.GetType(), back.GetType());
    }

    [Fact]
    public void Json_uses_snake_case_names()
    {
        var json = RunEventJson.Serialize(new RequestInput { RunId = "r", Seq = 1, NodeId = "ask", RequestId = "q1", ExpiresAt = T0 });
        Assert.Contains("\"run_id\":\"r\"", json, StringComparison.Ordinal);
        Assert.Contains("\"request_id\":\"q1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_type_is_a_coded_error()
    {
        var ex = Assert.Throws<KailashException>(() => RunEventJson.Deserialize("{\"type\":\"Teleported\",\"run_id\":\"r\"}"));
        Assert.Equal(ErrorCodes.RunStateUnreadable, ex.Code);
    }
}
