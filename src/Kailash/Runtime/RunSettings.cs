using Kailash.Nodes;

namespace Kailash.Runtime;

/// <summary>Settings for one call to <c>Execute</c>/<c>ExecuteAsync</c> that override the runtime's options.</summary>
public sealed class RunSettings
{
    /// <summary>Gets the user the run is for; overrides <see cref="RuntimeOptions.UserContext"/>.</summary>
    public UserContext? UserContext { get; init; }

    /// <summary>Gets the run id to use; by default a new one is generated.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets a receiver of progress updates (for progress bars).</summary>
    public IProgress<WorkflowProgress>? Progress { get; init; }

    /// <summary>Gets where node bodies run (a distributed runtime's executor); <see langword="null"/> runs them in place.</summary>
    internal Engine.INodeStepExecutor? StepExecutor { get; init; }
}
