using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Cli;

/// <summary>Loads a workflow file so that Ctrl+C ends the wait at once (exit 130) instead of waiting for the load to finish.</summary>
internal static class CliLoading
{
    /// <summary>Loads on a worker thread; a cancelled <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/> promptly.</summary>
    public static async Task<Workflow> LoadAsync(string path, NodeRegistry? registry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Task.Run(() => WorkflowSerializer.LoadFile(path, registry), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the CLI says when Ctrl+C stopped it.</summary>
    public static string CancelledMessage => $"{ErrorCodes.Cancelled}: Cancelled (Ctrl+C).";
}
