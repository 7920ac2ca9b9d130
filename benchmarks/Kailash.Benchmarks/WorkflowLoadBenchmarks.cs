using System.Text;
using BenchmarkDotNet.Attributes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Benchmarks;

/// <summary>
/// Loading a 20,000-node chain (issue 11): the same workflow minified on one line and pretty-printed. Goal: minified
/// within 1.5× of pretty (it was 80× slower when every position was counted from its line start), and YAML beside
/// them for scale.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(IoFanOutConfig))]
public class WorkflowLoadBenchmarks
{
    public const int Nodes = 20_000;

    private string _minified = string.Empty;
    private string _pretty = string.Empty;
    private string _yaml = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _minified = Chain(pretty: false);
        _pretty = Chain(pretty: true);
        _yaml = WorkflowSerializer.ToYaml(WorkflowSerializer.LoadJson(_pretty));
        Check(LoadPretty());
        Check(LoadMinified());
        Check(LoadYaml());
    }

    /// <summary>Pretty-printed JSON: one node per few lines.</summary>
    [Benchmark(Baseline = true)]
    public Workflow LoadPretty() => WorkflowSerializer.LoadJson(_pretty);

    /// <summary>Minified JSON: the whole file on one line.</summary>
    [Benchmark]
    public Workflow LoadMinified() => WorkflowSerializer.LoadJson(_minified);

    /// <summary>The same workflow as YAML.</summary>
    [Benchmark]
    public Workflow LoadYaml() => WorkflowSerializer.LoadYaml(_yaml);

    /// <summary>A chain of <see cref="Nodes"/> pass-through nodes, each with a small config.</summary>
    public static string Chain(bool pretty)
    {
        var newline = pretty ? "\n" : string.Empty;
        var indent = pretty ? "    " : string.Empty;
        var text = new StringBuilder().Append('{').Append(newline).Append(indent).Append("\"workflow_id\": \"chain\",").Append(newline).Append(indent).Append("\"nodes\": {").Append(newline);
        for (var i = 0; i < Nodes; i++)
        {
            text.Append(indent).Append(indent).Append("\"n").Append(i).Append("\": {\"node_type\": \"PassThroughNode\", \"config\": {\"note\": \"step ").Append(i).Append("\"}}")
                .Append(i < Nodes - 1 ? "," : string.Empty).Append(newline);
        }

        text.Append(indent).Append("},").Append(newline).Append(indent).Append("\"connections\": [").Append(newline);
        for (var i = 1; i < Nodes; i++)
        {
            text.Append(indent).Append(indent).Append("{\"source_node\": \"n").Append(i - 1).Append("\", \"source_output\": \"data\", \"target_node\": \"n").Append(i).Append("\", \"target_input\": \"data\"}")
                .Append(i < Nodes - 1 ? "," : string.Empty).Append(newline);
        }

        return text.Append(indent).Append(']').Append(newline).Append('}').Append(newline).ToString();
    }

    private static void Check(Workflow workflow)
    {
        if (workflow.Nodes.Count != Nodes || workflow.Connections.Count != Nodes - 1)
        {
            throw new InvalidOperationException($"The chain loaded {workflow.Nodes.Count} nodes and {workflow.Connections.Count} connections.");
        }
    }
}
