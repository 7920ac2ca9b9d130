using Kailash.Nodes;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// Waits until a file exists, then outputs its text — or fails when the text is <c>fail</c>. A gate a test opens from
/// outside the run, across processes (loaded into the CLI with <c>--nodes</c>).
/// </summary>
public sealed class FileGateNode : AsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Inputs = [new NodeParameter("path", typeof(string)) { Required = true }];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        var path = inputs.Get<string>("path");
        while (!File.Exists(path))
        {
            await Task.Delay(20, cancellationToken);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return text == "fail"
            ? throw new InvalidOperationException("The gate was opened with 'fail'.")
            : new Dictionary<string, object?> { ["result"] = text };
    }

    /// <summary>Opens a gate: writes the file whole (write, then rename), so the node never reads it half-written.</summary>
    public static void Open(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path);
    }
}
