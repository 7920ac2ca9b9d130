using System.Runtime.CompilerServices;
using Kailash.Durability;
using Kailash.Runtime.Engine.Durable;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Runtime.Engine;

/// <content>Durable runs: starting a run recorded in the run store, and resuming a stored run.</content>
internal sealed partial class ExecutionEngine
{
    private readonly ConditionalWeakTable<ExecutionPlan, StoredIdentity> _identities = [];

    /// <summary>The durability of a run: its own setting, else the runtime's, else <c>Sync</c> with a store and <c>Off</c> without.</summary>
    public DurabilityMode DurabilityOf(DurabilityMode? requested)
        => Services.Options.RunStore is null ? DurabilityMode.Off : requested ?? Services.Options.Durability ?? DurabilityMode.Sync;

    /// <summary>
    /// Resumes a stored run: checks it may be resumed (it exists, it has not finished, its workflow is unchanged unless drift
    /// is allowed, no other live process holds its lease), rebuilds its state from the store and continues it.
    /// </summary>
    public async ValueTask<WorkflowRunResult?> ResumeAsync(string runId, Workflow? workflow, ResumeSettings? settings, bool isSynchronous, CancellationToken cancellationToken)
    {
        var store = Services.Options.RunStore ?? throw new KailashException(ErrorCodes.ResumeUnavailable, $"Run '{runId}' cannot be resumed: the runtime has no run store. Please set RuntimeOptions.RunStore to the store the run was recorded in.");
        var record = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{runId}'. Please check the run id (kailash runs list shows the stored runs).");
        if (record.Status is DurableRunStatus.Completed or DurableRunStatus.Failed)
        {
            throw new KailashException(ErrorCodes.ResumeFinishedRun, $"Run '{runId}' already finished ({record.Status.ToString().ToLowerInvariant()}); there is nothing left to resume. Please start a new run.");
        }

        workflow ??= LoadDefinition(record, settings?.Registry ?? RegistryFor(Services.Options));
        var plan = GetPlan(workflow);
        var identity = IdentityOf(plan);
        var drifted = identity.Fingerprint != record.Fingerprint;
        if (drifted && settings?.AllowDrift != true)
        {
            throw new KailashException(ErrorCodes.WorkflowDrift, $"Run '{runId}' started with workflow '{record.WorkflowId}' of fingerprint {record.Fingerprint}; the workflow given now has fingerprint {identity.Fingerprint} (nodes, types, ports, connections or cycle settings changed). Please resume with the workflow the run started with, or allow drift (ResumeSettings.AllowDrift, kailash resume --allow-drift) to continue with the changed one.");
        }

        // Responses are checked (all or none) and stored before anything else; requests past their deadline time out now.
        var requests = await InputResponses.ApplyAsync(store, runId, settings?.Responses, Services.Options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var fence = await TakeLeaseAsync(store, record, cancellationToken).ConfigureAwait(false);
        var restored = await RunRestorer.RestoreAsync(store, plan, Services, runId, drifted).ConfigureAwait(false);
        var now = Services.Options.TimeProvider.GetUtcNow();
        if (record.Status == DurableRunStatus.Suspended)
        {
            await EnsureProgressAsync(store, runId, fence, requests, plan, restored.Attempts, now).ConfigureAwait(false);
        }

        restored.State.EventSeq = await EventHistory.LastSeqAsync(store, runId, cancellationToken).ConfigureAwait(false);
        await store.UpdateRunAsync(new RunUpdate { RunId = runId, Fence = fence, Status = DurableRunStatus.Running, Timestamp = now }, CancellationToken.None).ConfigureAwait(false);
        var mode = DurabilityOf(settings?.Durability) is var chosen && chosen != DurabilityMode.Off ? chosen : DurabilityMode.Sync;
        var journal = new RunJournal(store, plan, Services.Options, mode, runId, fence, restored.Attempts) { Requests = requests };
        var runSettings = new RunSettings { RunId = runId, UserContext = settings?.UserContext, Progress = settings?.Progress, Durability = mode, OnEvent = settings?.OnEvent, StepExecutor = settings?.StepExecutor };
        var parameters = DurableParameters.Read(record.Parameters, settings?.Parameters, runId);
        return await RunJournaledAsync(plan, parameters, new RunStart(runSettings, restored.State, null, journal), isSynchronous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a response to a pending input request of a stored run without resuming it (another process, or a later
    /// <see cref="ResumeAsync"/>, finishes the run); returns the answered request.
    /// </summary>
    public async ValueTask<InputRequestRecord> AnswerInputAsync(string runId, string requestId, object? response, CancellationToken cancellationToken)
    {
        var store = Services.Options.RunStore ?? throw new KailashException(ErrorCodes.InputUnavailable, $"Input request '{requestId}' of run '{runId}' cannot be answered: the runtime has no run store. Please set RuntimeOptions.RunStore to the store the run is recorded in.");
        _ = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{runId}'. Please check the run id (kailash runs list shows the stored runs).");
        var requests = await InputResponses.ApplyAsync(store, runId, new Dictionary<string, object?>(StringComparer.Ordinal) { [requestId] = response }, Services.Options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return requests.FirstOrDefault(r => r.RequestId == requestId) ?? requests.Last(r => r.Name == requestId && r.Status == InputRequestStatus.Answered);
    }

    /// <summary>A suspended run resumed with nothing to go on: its lease is given back and the caller told what it waits for.</summary>
    private static async ValueTask EnsureProgressAsync(IRunStore store, string runId, long fence, IReadOnlyList<InputRequestRecord> requests, ExecutionPlan plan, Dictionary<(int Node, int Iteration), int> open, DateTimeOffset now)
    {
        try
        {
            InputResponses.EnsureProgress(runId, requests, plan, open);
        }
        catch (KailashException)
        {
            await store.UpdateRunAsync(new RunUpdate { RunId = runId, Fence = fence, ReleaseLease = true, Timestamp = now }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<WorkflowRunResult?> StartDurableAsync(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool isSynchronous, Func<RunState, bool>? pauseAfterUnit, CancellationToken cancellationToken)
    {
        var options = Services.Options;
        var store = options.RunStore!;
        var runId = settings?.RunId ?? NewRunId();
        var identity = IdentityOf(plan);
        var now = options.TimeProvider.GetUtcNow();
        await store.CreateRunAsync(
            new RunRecord
            {
                RunId = runId,
                WorkflowId = plan.Workflow.Id,
                Fingerprint = identity.Fingerprint,
                Definition = identity.Definition,
                Parameters = DurableParameters.Write(plan, parameters),
                Status = DurableRunStatus.Running,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        var fence = await store.AcquireLeaseAsync(runId, RunJournal.Owner, now + options.LeaseDuration, now, cancellationToken).ConfigureAwait(false)
            ?? throw LeaseHeld(runId, null);
        var journal = new RunJournal(store, plan, options, DurabilityOf(settings?.Durability), runId, fence, null);
        return await RunJournaledAsync(plan, parameters, new RunStart(settings, new RunState(plan, runId), pauseAfterUnit, journal), isSynchronous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs with a journal: whatever happens, what was recorded is written and the lease released.</summary>
    private async ValueTask<WorkflowRunResult?> RunJournaledAsync(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, RunStart start, bool isSynchronous, CancellationToken cancellationToken)
    {
        var journal = start.Journal!;
        await using (journal.ConfigureAwait(false))
        {
            WorkflowRunResult? result;
            try
            {
                result = await StartAdmitted(plan, parameters, start, isSynchronous, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await journal.AbortAsync(ex).ConfigureAwait(false);
                throw;
            }

            await journal.CompleteAsync(start.From!, result).ConfigureAwait(false);
            return result;
        }
    }

    private async ValueTask<long> TakeLeaseAsync(IRunStore store, RunRecord record, CancellationToken cancellationToken)
    {
        var options = Services.Options;
        var now = options.TimeProvider.GetUtcNow();
        var fence = await store.AcquireLeaseAsync(record.RunId, RunJournal.Owner, now + options.LeaseDuration, now, cancellationToken).ConfigureAwait(false);
        if (fence is null && record.LeaseExpiresAt is { } expires && LeaseOwner.IsDeadLocalProcess(record.LeaseOwner))
        {
            // The holder was a process of this machine that is gone (killed, crashed): its lease is stale now, not in LeaseDuration.
            fence = await store.AcquireLeaseAsync(record.RunId, RunJournal.Owner, now + options.LeaseDuration, expires.AddMilliseconds(1) > now ? expires.AddMilliseconds(1) : now, cancellationToken).ConfigureAwait(false);
        }

        return fence ?? throw LeaseHeld(record.RunId, record);
    }

    private static KailashException LeaseHeld(string runId, RunRecord? record)
        => new(ErrorCodes.RunLeaseHeld, $"Run '{runId}' is being run by another process ({record?.LeaseOwner ?? "unknown owner"}, lease until {record?.LeaseExpiresAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}). Please wait until it stops or its lease expires, then resume it.");

    /// <summary>The registry a stored definition loads with: the built-in types, under the runtime's permissions when it sets them.</summary>
    private static Nodes.NodeRegistry RegistryFor(RuntimeOptions options)
    {
        if (options.Permissions is not { } permissions)
        {
            return Nodes.NodeRegistry.BuiltIn;
        }

        var registry = Nodes.NodeRegistry.CreateDefault();
        registry.Permissions = permissions;
        return registry;
    }

    private static Workflow LoadDefinition(RunRecord record, Nodes.NodeRegistry registry)
    {
        if (record.Definition is null)
        {
            throw new KailashException(ErrorCodes.ResumeUnavailable, $"Run '{record.RunId}' has no stored workflow definition (its workflow could not be written as a file). Please resume it with the workflow it started with (Resume(workflow, runId)).");
        }

        try
        {
            return WorkflowSerializer.LoadJson(record.Definition, registry, record.WorkflowId);
        }
        catch (KailashException ex)
        {
            throw new KailashException(ErrorCodes.ResumeUnavailable, $"Run '{record.RunId}': its stored workflow definition does not load here ({ex.Message}). Please resume it with the workflow it started with (Resume(workflow, runId)), with its node types registered.", null, null, ex);
        }
    }

    private StoredIdentity IdentityOf(ExecutionPlan plan) => _identities.GetValue(plan, static plan =>
    {
        string? definition;
        try
        {
            definition = WorkflowSerializer.ToJson(plan.Workflow);
        }
        catch (Exception ex) when (ex is KailashException or NotSupportedException or InvalidOperationException)
        {
            // Nodes whose config cannot be written as a file: the run is still recorded; resume then needs the workflow.
            definition = null;
        }

        return new StoredIdentity(WorkflowFingerprint.Compute(plan.Workflow), definition);
    });

    /// <summary>What a run row says about its workflow, computed once per plan.</summary>
    private sealed record StoredIdentity(string Fingerprint, string? Definition);
}
