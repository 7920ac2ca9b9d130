using Kailash.Nodes;

namespace Kailash.Runtime;

/// <summary>Settings for resuming a stored run (<c>LocalRuntime.Resume</c>, <c>AsyncLocalRuntime.ResumeAsync</c>).</summary>
public sealed class ResumeSettings
{
    /// <summary>Gets a value indicating whether the run may be resumed with a workflow whose fingerprint differs from the one it started with (by default that is refused, <c>KWF126</c>).</summary>
    public bool AllowDrift { get; init; }

    /// <summary>Gets parameters laid over the stored ones: secret inputs (never stored) must be passed again here.</summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; init; }

    /// <summary>
    /// Gets responses to the input requests the run waits for, keyed by request id (<see cref="WorkflowRunResult.PendingInputs"/>,
    /// <c>kailash runs show</c>) or by request name (a <c>SignalWaitNode</c>'s <c>signal_name</c>, when one pending request has it).
    /// They are checked before anything is stored — an unknown request (<c>KWF136</c>), one that is not pending (<c>KWF144</c>)
    /// or has expired (<c>KWF139</c>), a value of the wrong type (<c>KWF138</c>) refuses them all — and delivered to the
    /// waiting nodes, which run again and get them from <c>RequestInputAsync</c> at once. A suspended run resumed without a
    /// response to anything it waits for stays suspended (<c>KWF137</c>).
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Responses { get; init; }

    /// <summary>Gets the user the resumed run is for; overrides <see cref="RuntimeOptions.UserContext"/>.</summary>
    public UserContext? UserContext { get; init; }

    /// <summary>Gets a receiver of progress updates.</summary>
    public IProgress<WorkflowProgress>? Progress { get; init; }

    /// <summary>Gets a receiver of the resumed run's events (as <see cref="RunSettings.OnEvent"/>); the run announces itself with <c>RunResumed</c>.</summary>
    public Action<Events.RunEvent>? OnEvent { get; init; }

    /// <summary>Gets the node types the stored workflow definition is loaded with (when no workflow is passed); by default the built-in ones, under <see cref="RuntimeOptions.Permissions"/> when set.</summary>
    public NodeRegistry? Registry { get; init; }

    /// <summary>Gets how the resumed run writes to the store; by default the runtime's mode (<see cref="Kailash.Durability.DurabilityMode.Sync"/> when that is off: a resumed run is always recorded).</summary>
    public Kailash.Durability.DurabilityMode? Durability { get; init; }

    /// <summary>Gets where node bodies of the resumed run execute (a distributed runtime's executor); <see langword="null"/> runs them in place.</summary>
    internal Engine.INodeStepExecutor? StepExecutor { get; init; }
}
