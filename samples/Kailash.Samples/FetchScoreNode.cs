using Kailash.Nodes;

namespace Kailash.Samples;

// <snippet:async-node>
/// <summary>Looks up an applicant's score; the lookup really waits (here a yield stands in for an HTTP call).</summary>
internal sealed class FetchScoreNode : AsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Inputs =
    [
        new NodeParameter("applicant", typeof(string)) { Required = true },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["score"];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override IReadOnlyList<string> GetOutputs() => Outputs;

    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        await Task.Yield();                                   // e.g. await http.GetFromJsonAsync(..., cancellationToken)
        cancellationToken.ThrowIfCancellationRequested();
        var applicant = inputs.Get<string>("applicant");
        return new Dictionary<string, object?> { ["score"] = (long)applicant.Length * 10 };
    }
}
// </snippet:async-node>
