using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Hosting.Runs;

/// <summary>
/// Where the server keeps its runs: starts them, finds them, lists recent ones. The in-memory implementation keeps runs
/// in this process; a durable run store plugs in behind this interface.
/// </summary>
internal interface IRunRegistry
{
    /// <summary>Starts a run in the background and returns at once.</summary>
    TrackedRun Start(Workflow workflow, IReadOnlyDictionary<string, object?> parameters, UserContext? user);

    /// <summary>Finds a run by id.</summary>
    bool TryGet(string runId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrackedRun? run);

    /// <summary>Lists the most recent runs, newest first.</summary>
    IReadOnlyList<TrackedRun> Recent(int count);
}
