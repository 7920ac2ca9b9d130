namespace Kailash.Runtime;

/// <summary>Why a node was skipped.</summary>
public enum SkipReason
{
    /// <summary>The node was not skipped.</summary>
    None,

    /// <summary>Every input came from an inactive switch branch or a skipped node.</summary>
    ConditionalRouting,

    /// <summary>A node this one depends on failed (under <see cref="ErrorPolicy.Continue"/>).</summary>
    UpstreamFailed,

    /// <summary>The run stopped at an earlier failure before this node could start (under <see cref="ErrorPolicy.Stop"/>).</summary>
    RunStopped,

    /// <summary>The run suspended (a node waits for input) before this node could start; it runs when the run is resumed.</summary>
    RunSuspended,
}
