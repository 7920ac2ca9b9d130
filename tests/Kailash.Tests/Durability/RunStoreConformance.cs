using System.Text;
using Kailash.Durability;

namespace Kailash.Tests.Durability;

/// <summary>The rules every <see cref="IRunStore"/> follows; each implementation's test class derives from this.</summary>
public abstract class RunStoreConformance : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IRunStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync(RetentionPolicy.Default);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await CleanupAsync();
    }

    protected abstract Task<IRunStore> CreateStoreAsync(RetentionPolicy retention);

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_created_run_reads_back_with_every_field()
    {
        var run = NewRun("r1") with { Definition = "{\"nodes\":[]}", Parameters = "{\"api_key\":{\"secret\":\"API_KEY\"}}", Error = null };
        await Store.CreateRunAsync(run, cancellationToken: Ct);

        var read = await Store.GetRunAsync("r1", cancellationToken: Ct);

        Assert.Equal(run, read);
        Assert.Null(await Store.GetRunAsync("nope", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_second_run_with_the_same_id_is_refused_with_a_code()
    {
        await Store.CreateRunAsync(NewRun("dup"), cancellationToken: Ct);
        var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await Store.CreateRunAsync(NewRun("dup") with { WorkflowId = "other" }, cancellationToken: Ct));
        Assert.Equal(ErrorCodes.DuplicateRun, ex.Code);
        Assert.Equal("wf", (await Store.GetRunAsync("dup", cancellationToken: Ct))!.WorkflowId);
    }

    [Fact]
    public async Task Runs_list_newest_first_with_filters_and_a_limit()
    {
        await Store.CreateRunAsync(NewRun("a") with { CreatedAt = T0 }, cancellationToken: Ct);
        await Store.CreateRunAsync(NewRun("b") with { CreatedAt = T0.AddMinutes(1), WorkflowId = "other" }, cancellationToken: Ct);
        await Store.CreateRunAsync(NewRun("c") with { CreatedAt = T0.AddMinutes(2), Status = DurableRunStatus.Suspended }, cancellationToken: Ct);

        Assert.Equal(["c", "b", "a"], (await Store.ListRunsAsync(new RunQuery(), cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Equal(["c", "b"], (await Store.ListRunsAsync(new RunQuery { Limit = 2 }, cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Equal(["b"], (await Store.ListRunsAsync(new RunQuery { WorkflowId = "other" }, cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Equal(["c"], (await Store.ListRunsAsync(new RunQuery { Status = DurableRunStatus.Suspended }, cancellationToken: Ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task A_lease_is_exclusive_until_it_expires_and_every_acquisition_raises_the_fence()
    {
        await Store.CreateRunAsync(NewRun("l"), cancellationToken: Ct);

        Assert.Equal(1, await Store.AcquireLeaseAsync("l", "p1", T0.AddMinutes(1), T0, cancellationToken: Ct));
        Assert.Null(await Store.AcquireLeaseAsync("l", "p2", T0.AddMinutes(2), T0.AddSeconds(30), cancellationToken: Ct));
        Assert.Equal(2, await Store.AcquireLeaseAsync("l", "p1", T0.AddMinutes(2), T0.AddSeconds(30), cancellationToken: Ct));
        Assert.Equal(3, await Store.AcquireLeaseAsync("l", "p2", T0.AddMinutes(5), T0.AddMinutes(3), cancellationToken: Ct));
        var run = await Store.GetRunAsync("l", cancellationToken: Ct);
        Assert.Equal(("p2", 3L), (run!.LeaseOwner, run.Fence));
    }

    [Fact]
    public async Task A_lease_on_an_unknown_run_is_a_coded_error()
    {
        var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await Store.AcquireLeaseAsync("ghost", "p", T0, T0, cancellationToken: Ct));
        Assert.Equal(ErrorCodes.RunNotFound, ex.Code);
    }

    [Fact]
    public async Task A_node_result_is_one_commit_with_its_outputs_sequence_and_events()
    {
        var fence = await Leased("n");
        Assert.Equal(1, await Store.CommitAsync([Start("n", "a", fence, attempt: 1, seq: 1)], cancellationToken: Ct));
        Assert.Equal(1, await Store.CommitAsync([Complete("n", "a", fence, attempt: 1, seq: 2, output: "{\"v\":1}")], cancellationToken: Ct));

        var rows = await Store.GetNodeExecutionsAsync("n", cancellationToken: Ct);
        var row = Assert.Single(rows);
        Assert.Equal((NodeExecutionStatus.Completed, 1, 1L, "{\"v\":1}"), (row.Status, row.Attempt, row.CommitSeq, Encoding.UTF8.GetString(row.Outputs!)));
        Assert.Equal(T0, row.StartedAt);
        Assert.Equal(T0.AddSeconds(2), row.CompletedAt);
        Assert.Equal(1, (await Store.GetRunAsync("n", cancellationToken: Ct))!.CommitSeq);
        Assert.Equal(["NodeStarted", "NodeCompleted"], (await Store.ReadEventsAsync("n", cancellationToken: Ct)).Select(e => e.Type));
    }

    [Fact]
    public async Task Completion_is_first_write_wins()
    {
        var fence = await Leased("fw");
        await Store.CommitAsync([Start("fw", "a", fence, 1, 1)], cancellationToken: Ct);
        Assert.Equal(1, await Store.CommitAsync([Complete("fw", "a", fence, 1, 2, "\"first\"")], cancellationToken: Ct));
        Assert.Equal(0, await Store.CommitAsync([Complete("fw", "a", fence, 1, 3, "\"second\"")], cancellationToken: Ct));

        Assert.Equal("\"first\"", Encoding.UTF8.GetString(Assert.Single(await Store.GetNodeExecutionsAsync("fw", cancellationToken: Ct)).Outputs!));
        Assert.Equal(2, (await Store.ReadEventsAsync("fw", cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task A_late_result_of_an_older_attempt_is_rejected_and_the_new_attempt_wins()
    {
        var fence = await Leased("z");
        await Store.CommitAsync([Start("z", "a", fence, 1, 1)], cancellationToken: Ct);
        Assert.Equal(1, await Store.CommitAsync([Start("z", "a", fence, 2, 2)], cancellationToken: Ct));
        Assert.Equal(0, await Store.CommitAsync([Start("z", "a", fence, 2, 3)], cancellationToken: Ct));
        Assert.Equal(0, await Store.CommitAsync([Complete("z", "a", fence, 1, 4, "\"zombie\"")], cancellationToken: Ct));
        Assert.Equal(1, await Store.CommitAsync([Complete("z", "a", fence, 2, 5, "\"fresh\"")], cancellationToken: Ct));

        var row = Assert.Single(await Store.GetNodeExecutionsAsync("z", cancellationToken: Ct));
        Assert.Equal((2, "\"fresh\""), (row.Attempt, Encoding.UTF8.GetString(row.Outputs!)));
    }

    [Fact]
    public async Task A_completed_node_cannot_be_started_again()
    {
        var fence = await Leased("done");
        await Store.CommitAsync([Start("done", "a", fence, 1, 1), Complete("done", "a", fence, 1, 2, "1")], cancellationToken: Ct);
        Assert.Equal(0, await Store.CommitAsync([Start("done", "a", fence, 2, 3)], cancellationToken: Ct));
        Assert.Equal(NodeExecutionStatus.Completed, Assert.Single(await Store.GetNodeExecutionsAsync("done", cancellationToken: Ct)).Status);
    }

    [Fact]
    public async Task A_stale_fence_writes_nothing()
    {
        var old = await Leased("f");
        var current = await Store.AcquireLeaseAsync("f", "p1", T0.AddHours(1), T0, cancellationToken: Ct);
        Assert.Equal(old + 1, current);

        Assert.Equal(0, await Store.CommitAsync([Complete("f", "a", old, 1, 1, "1")], cancellationToken: Ct));
        Assert.False(await Store.UpdateRunAsync(new RunUpdate { RunId = "f", Fence = old, Status = DurableRunStatus.Failed, Timestamp = T0 }, cancellationToken: Ct));

        Assert.Empty(await Store.GetNodeExecutionsAsync("f", cancellationToken: Ct));
        Assert.Empty(await Store.ReadEventsAsync("f", cancellationToken: Ct));
        Assert.Equal(DurableRunStatus.Running, (await Store.GetRunAsync("f", cancellationToken: Ct))!.Status);
    }

    [Fact]
    public async Task A_batch_accepts_each_commit_on_its_own_and_a_rejected_one_leaves_no_trace()
    {
        var fence = await Leased("b");
        await Store.CommitAsync([Start("b", "x", fence, 1, 1), Complete("b", "x", fence, 1, 2, "1")], cancellationToken: Ct);

        var accepted = await Store.CommitAsync([Complete("b", "y", fence, 1, 3, "2"), Complete("b", "x", fence, 1, 4, "3"), Complete("b", "z", fence, 1, 5, "4")], cancellationToken: Ct);

        Assert.Equal(2, accepted);
        var rows = await Store.GetNodeExecutionsAsync("b", cancellationToken: Ct);
        Assert.Equal([("x", 1L), ("y", 2L), ("z", 3L)], rows.Select(r => (r.NodeId, r.CommitSeq)));
        Assert.Equal([1L, 2L, 3L, 5L], (await Store.ReadEventsAsync("b", cancellationToken: Ct)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Node_rows_after_a_sequence_number_come_in_commit_order_followed_by_running_ones()
    {
        var fence = await Leased("s");
        await Store.CommitAsync([Complete("s", "a", fence, 1, 1, "1"), Complete("s", "b", fence, 1, 2, "2"), Complete("s", "c", fence, 1, 3, "3"), Start("s", "d", fence, 1, 4)], cancellationToken: Ct);
        await Store.CommitAsync([Complete("s", "loop", fence, 1, 5, "4", iteration: 0), Complete("s", "loop", fence, 1, 6, "5", iteration: 1)], cancellationToken: Ct);

        var after = await Store.GetNodeExecutionsAsync("s", afterCommitSeq: 2, cancellationToken: Ct);

        Assert.Equal([("c", 0, 3L), ("loop", 0, 4L), ("loop", 1, 5L), ("d", 0, 0L)], after.Select(r => (r.NodeId, r.Iteration, r.CommitSeq)));
    }

    [Fact]
    public async Task A_suspending_node_stores_its_request_and_the_run_status_together_and_releases_the_lease()
    {
        var fence = await Leased("h");
        await Store.CommitAsync([Start("h", "ask", fence, 1, 1)], cancellationToken: Ct);
        var request = new InputRequestRecord { RunId = "h", RequestId = "q1", NodeId = "ask", Name = "approval", Payload = "{\"prompt\":\"ok?\"}", CreatedAt = T0, ExpiresAt = T0.AddDays(3) };
        var suspend = new NodeCommit { RunId = "h", NodeId = "ask", Attempt = 1, Fence = fence, Status = NodeExecutionStatus.Waiting, Timestamp = T0, Request = request, RunStatus = DurableRunStatus.Suspended, Events = [Event("h", 2, "RequestInput")] };

        Assert.Equal(1, await Store.CommitAsync([suspend], cancellationToken: Ct));

        var run = await Store.GetRunAsync("h", cancellationToken: Ct);
        Assert.Equal((DurableRunStatus.Suspended, (string?)null), (run!.Status, run.LeaseOwner));
        Assert.Equal(request, Assert.Single(await Store.GetRequestsAsync("h", pendingOnly: true, cancellationToken: Ct)));
        Assert.Equal(NodeExecutionStatus.Waiting, Assert.Single(await Store.GetNodeExecutionsAsync("h", cancellationToken: Ct)).Status);

        Assert.Equal(RequestAnswerOutcome.NotFound, await Store.AnswerRequestAsync("h", "q9", "true", T0, cancellationToken: Ct));
        Assert.Equal(RequestAnswerOutcome.Answered, await Store.AnswerRequestAsync("h", "q1", "true", T0.AddHours(5), cancellationToken: Ct));
        Assert.Equal(RequestAnswerOutcome.NotPending, await Store.AnswerRequestAsync("h", "q1", "false", T0.AddHours(6), cancellationToken: Ct));
        var answered = Assert.Single(await Store.GetRequestsAsync("h", cancellationToken: Ct));
        Assert.Equal((InputRequestStatus.Answered, "true", T0.AddHours(5)), (answered.Status, answered.Response, answered.AnsweredAt));
        Assert.Empty(await Store.GetRequestsAsync("h", pendingOnly: true, cancellationToken: Ct));

        var resumed = await Store.AcquireLeaseAsync("h", "p2", T0.AddDays(1), T0.AddHours(5), cancellationToken: Ct);
        Assert.Equal(1, await Store.CommitAsync([Complete("h", "ask", resumed!.Value, 1, 3, "true") with { RunStatus = DurableRunStatus.Running }], cancellationToken: Ct));
        Assert.Equal(DurableRunStatus.Running, (await Store.GetRunAsync("h", cancellationToken: Ct))!.Status);
    }

    [Fact]
    public async Task A_checkpoint_replaces_the_previous_one_and_run_updates_are_fenced()
    {
        var fence = await Leased("cp");
        Assert.Null(await Store.GetLatestCheckpointAsync("cp", cancellationToken: Ct));
        Assert.True(await Store.UpdateRunAsync(new RunUpdate { RunId = "cp", Fence = fence, Timestamp = T0, Checkpoint = new CheckpointRecord { RunId = "cp", CommitSeq = 3, State = [1, 2, 3], CreatedAt = T0 } }, cancellationToken: Ct));
        Assert.True(await Store.UpdateRunAsync(new RunUpdate { RunId = "cp", Fence = fence, Timestamp = T0, Checkpoint = new CheckpointRecord { RunId = "cp", CommitSeq = 7, State = [7], CreatedAt = T0 }, Events = [Event("cp", 1, "CheckpointSaved")] }, cancellationToken: Ct));

        var latest = await Store.GetLatestCheckpointAsync("cp", cancellationToken: Ct);
        Assert.Equal(7L, latest!.CommitSeq);
        Assert.Equal(new byte[] { 7 }, latest.State);
        Assert.Single(await Store.ReadEventsAsync("cp", cancellationToken: Ct));

        Assert.True(await Store.UpdateRunAsync(new RunUpdate { RunId = "cp", Fence = fence, Status = DurableRunStatus.Failed, Error = "boom", ReleaseLease = true, Timestamp = T0.AddMinutes(1) }, cancellationToken: Ct));
        var run = await Store.GetRunAsync("cp", cancellationToken: Ct);
        Assert.Equal((DurableRunStatus.Failed, "boom", (string?)null, T0.AddMinutes(1)), (run!.Status, run.Error, run.LeaseOwner, run.UpdatedAt));
    }

    [Fact]
    public async Task Events_read_in_order_after_a_sequence_number_with_a_limit_and_duplicates_are_ignored()
    {
        var fence = await Leased("ev");
        var events = Enumerable.Range(1, 10).Select(i => Event("ev", i, $"E{i}")).ToArray();
        await Store.UpdateRunAsync(new RunUpdate { RunId = "ev", Fence = fence, Timestamp = T0, Events = events }, cancellationToken: Ct);
        await Store.UpdateRunAsync(new RunUpdate { RunId = "ev", Fence = fence, Timestamp = T0, Events = [Event("ev", 3, "Duplicate")] }, cancellationToken: Ct);

        Assert.Equal([4L, 5L, 6L], (await Store.ReadEventsAsync("ev", afterSeq: 3, limit: 3, cancellationToken: Ct)).Select(e => e.Seq));
        Assert.Equal("E3", (await Store.ReadEventsAsync("ev", 2, 1, cancellationToken: Ct))[0].Type);
        Assert.Equal(10, (await Store.ReadEventsAsync("ev", cancellationToken: Ct)).Count);
        Assert.Empty(await Store.ReadEventsAsync("other", cancellationToken: Ct));
    }

    [Fact]
    public async Task Pruning_removes_only_finished_runs_older_than_the_retention_with_everything_they_own()
    {
        foreach (var (id, status, updated) in new[] { ("old-done", DurableRunStatus.Completed, T0), ("old-failed", DurableRunStatus.Failed, T0), ("old-waiting", DurableRunStatus.Suspended, T0), ("old-running", DurableRunStatus.Running, T0), ("new-done", DurableRunStatus.Completed, T0.AddDays(40)) })
        {
            await Store.CreateRunAsync(NewRun(id) with { Status = status, UpdatedAt = updated }, cancellationToken: Ct);
        }

        await Store.CommitAsync([Complete("old-done", "a", 0, 1, 1, "1") with { Timestamp = T0 }], cancellationToken: Ct);
        await Store.UpdateRunAsync(new RunUpdate { RunId = "old-done", Fence = 0, Timestamp = T0 }, cancellationToken: Ct);

        Assert.Equal(2, await Store.PruneAsync(T0.AddDays(45), cancellationToken: Ct));

        Assert.Equal(["new-done", "old-running", "old-waiting"], (await Store.ListRunsAsync(new RunQuery(), cancellationToken: Ct)).Select(r => r.RunId).Order());
        Assert.Empty(await Store.GetNodeExecutionsAsync("old-done", cancellationToken: Ct));
        Assert.Empty(await Store.ReadEventsAsync("old-done", cancellationToken: Ct));
    }

    [Fact]
    public async Task Retention_can_be_turned_off()
    {
        await using var keepAll = await CreateStoreAsync(RetentionPolicy.KeepAll);
        await keepAll.CreateRunAsync(NewRun("ancient") with { Status = DurableRunStatus.Completed, UpdatedAt = T0.AddYears(-5) }, cancellationToken: Ct);
        Assert.Equal(0, await keepAll.PruneAsync(T0, cancellationToken: Ct));
        Assert.NotNull(await keepAll.GetRunAsync("ancient", cancellationToken: Ct));
    }

    [Fact]
    public async Task Stored_outputs_are_the_bytes_given_never_re_serialised()
    {
        var fence = await Leased("bytes");
        var payload = Encoding.UTF8.GetBytes("{ \"spaced\" :  [1,  2], \"é\": \"\\u00e9\" }");
        await Store.CommitAsync([Complete("bytes", "a", fence, 1, 1, "x") with { Outputs = payload, State = [0, 255, 1] }], cancellationToken: Ct);

        var row = Assert.Single(await Store.GetNodeExecutionsAsync("bytes", cancellationToken: Ct));
        Assert.Equal(payload, row.Outputs);
        Assert.Equal(new byte[] { 0, 255, 1 }, row.State);
    }

    protected static RunRecord NewRun(string id) => new()
    {
        RunId = id,
        WorkflowId = "wf",
        Fingerprint = "sha256:abc",
        Status = DurableRunStatus.Running,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    protected async Task<long> Leased(string id)
    {
        await Store.CreateRunAsync(NewRun(id), cancellationToken: Ct);
        return (await Store.AcquireLeaseAsync(id, "p1", T0.AddHours(1), T0, cancellationToken: Ct))!.Value;
    }

    protected static RunEventRecord Event(string runId, long seq, string type, string? nodeId = null)
        => new() { RunId = runId, Seq = seq, Type = type, NodeId = nodeId, Payload = $"{{\"seq\":{seq}}}", Timestamp = T0 };

    protected static NodeCommit Start(string runId, string nodeId, long fence, int attempt, long seq, int iteration = 0)
        => new() { RunId = runId, NodeId = nodeId, Iteration = iteration, Attempt = attempt, Fence = fence, Status = NodeExecutionStatus.Running, Timestamp = T0, Worker = "w1", Events = [Event(runId, seq, "NodeStarted", nodeId)] };

    protected static NodeCommit Complete(string runId, string nodeId, long fence, int attempt, long seq, string output, int iteration = 0)
        => new() { RunId = runId, NodeId = nodeId, Iteration = iteration, Attempt = attempt, Fence = fence, Status = NodeExecutionStatus.Completed, Outputs = Encoding.UTF8.GetBytes(output), Timestamp = T0.AddSeconds(2), Events = [Event(runId, seq, "NodeCompleted", nodeId)] };
}
