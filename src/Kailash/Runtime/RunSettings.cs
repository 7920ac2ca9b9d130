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

    /// <summary>
    /// Gets a receiver of the run's events (<see cref="Events.RunEvent"/>: run and node starts and ends, retries, cycle
    /// iterations, input requests), called on the run's thread in sequence order, one event at a time. The run waits
    /// while it runs, so a slow receiver slows the run and no event is ever dropped; an exception it throws is logged
    /// and the run goes on. Works the same on both runtimes; <c>AsyncLocalRuntime.StreamAsync</c> and
    /// <c>LocalRuntime.Stream</c> give the same events as a sequence.
    /// </summary>
    public Action<Events.RunEvent>? OnEvent { get; init; }

    /// <summary>The default of <see cref="EventBufferSize"/>.</summary>
    public const int DefaultEventBufferSize = 256;

    /// <summary>
    /// Gets how many events a stream (<c>StreamAsync</c>, <c>Stream</c>) holds for a consumer that falls behind before
    /// the run waits for it (default <see cref="DefaultEventBufferSize"/>, at least 1). Events are never dropped.
    /// </summary>
    public int EventBufferSize { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "EventBufferSize must be at least 1."); } = DefaultEventBufferSize;

    /// <summary>Gets an internal receiver of the run's events (a stream's bounded buffer), beside <see cref="OnEvent"/>.</summary>
    internal Engine.IRunEventSink? EventSink { get; private set; }

    /// <summary>Returns a copy of these settings whose events also go to <paramref name="sink"/>.</summary>
    internal RunSettings WithSink(Engine.IRunEventSink sink)
    {
        var copy = (RunSettings)MemberwiseClone();
        copy.EventSink = sink;
        return copy;
    }

    /// <summary>Gets how this run writes to the runtime's run store; overrides <see cref="RuntimeOptions.Durability"/> (<see cref="Kailash.Durability.DurabilityMode.Off"/> records nothing).</summary>
    public Kailash.Durability.DurabilityMode? Durability { get; init; }

    /// <summary>Gets where node bodies run (a distributed runtime's executor); <see langword="null"/> runs them in place.</summary>
    internal Engine.INodeStepExecutor? StepExecutor { get; init; }
}
