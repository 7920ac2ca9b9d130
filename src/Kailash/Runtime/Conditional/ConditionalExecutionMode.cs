namespace Kailash.Runtime.Conditional;

/// <summary>How switches steer a run.</summary>
public enum ConditionalExecutionMode
{
    /// <summary>Plan once; every node is visited, and nodes fed only by inactive branches are skipped as the run reaches them. The default.</summary>
    RouteData,

    /// <summary>Resolve the switches, then plan only the reachable nodes; pruned nodes never run and are reported as skipped.</summary>
    SkipBranches,
}
