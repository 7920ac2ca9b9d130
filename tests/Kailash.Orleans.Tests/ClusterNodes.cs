using System.Collections.Concurrent;
using Kailash.Nodes;
using Orleans.Runtime;

namespace Kailash.Orleans.Tests;

/// <summary>
/// Node types registered on every silo of the test cluster (workflows reach the silos as documents, so their nodes are
/// built from these registered types and their config). Executions are recorded on <see cref="Board"/>: the silos of
/// the in-process cluster share the test process, so the test can count them.
/// </summary>
public static class ClusterNodes
{
    public static NodeRegistry Registry { get; } = NodeRegistry.CreateDefault()
        .Register<ConstantNode>("ClusterConstant")
        .Register<AddOneNode>("ClusterAddOne")
        .Register<GateNode>("ClusterGate")
        .Register<SumNode>("ClusterSum")
        .Register<YieldingSumNode>("ClusterYieldingSum")
        .Register<RouterNode>("ClusterRouter");

    /// <summary>Every node execution, by run id: node id, attempt and the silo it ran on.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<(string Node, int Attempt, string? Silo)>> Board { get; } = new(StringComparer.Ordinal);

    /// <summary>Gates keyed by run id: a <see cref="GateNode"/>'s first attempt waits on its run's gate; <c>Started</c> tells the test where it runs.</summary>
    public static ConcurrentDictionary<string, Gate> Gates { get; } = new(StringComparer.Ordinal);

    public static IReadOnlyList<(string Node, int Attempt, string? Silo)> Executions(string runId)
        => Board.TryGetValue(runId, out var list) ? [.. list] : [];

    private static void Record(NodeContext context)
        => Board.GetOrAdd(context.RunId, _ => new()).Enqueue((context.NodeId, context.Attempt, (context.Services?.GetService(typeof(ILocalSiloDetails)) as ILocalSiloDetails)?.Name));

    internal static long Total(NodeInputs inputs)
    {
        long total = 17;
        foreach (var pair in inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            total = ((total * 31) + (pair.Value is long value ? value : 5)) % 1_000_003;
        }

        return total;
    }

    public sealed class Gate
    {
        public TaskCompletionSource<string?> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Outputs its <c>value</c> config.</summary>
    public sealed class ConstantNode : Node
    {
        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            Record(context);
            return new Dictionary<string, object?> { ["result"] = inputs["value"] };
        }
    }

    /// <summary>Adds one to its <c>value</c> input.</summary>
    public sealed class AddOneNode : Node
    {
        public override IReadOnlyList<NodeParameter> GetParameters() => [new NodeParameter("value", typeof(long)) { Required = true }];

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            Record(context);
            return new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + 1 };
        }
    }

    /// <summary>Adds 100 to its <c>value</c>; its first attempt blocks on the run's gate until the test releases it.</summary>
    public sealed class GateNode : AsyncNode
    {
        public override IReadOnlyList<NodeParameter> GetParameters() => [new NodeParameter("value", typeof(long)) { Required = true }];

        public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
        {
            Record(context);
            if (context.Attempt == 1 && Gates.TryGetValue(context.RunId, out var gate))
            {
                gate.Started.TrySetResult((context.Services?.GetService(typeof(ILocalSiloDetails)) as ILocalSiloDetails)?.Name);
                await gate.Release.Task.ConfigureAwait(false);
            }

            return new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + 100 };
        }
    }

    /// <summary>Folds every input (and its config) into one number.</summary>
    public sealed class SumNode : Node
    {
        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            Record(context);
            return new Dictionary<string, object?> { ["result"] = Total(inputs) };
        }
    }

    /// <summary>The same as <see cref="SumNode"/>, really asynchronous.</summary>
    public sealed class YieldingSumNode : AsyncNode
    {
        public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
        {
            Record(context);
            await Task.Yield();
            return new Dictionary<string, object?> { ["result"] = Total(inputs) };
        }
    }

    /// <summary>Routes its total to <c>even</c> or <c>odd</c>; only the taken port (and <c>value</c>) is active.</summary>
    public sealed class RouterNode : Node
    {
        public override IReadOnlyList<string> GetOutputs() => ["even", "odd", "value"];

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            Record(context);
            var total = Total(inputs);
            return new Dictionary<string, object?> { ["even"] = total % 2 == 0 ? total : null, ["odd"] = total % 2 == 1 ? total : null, ["value"] = total };
        }

        public override bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port)
            => port == "value" || outputs[port] is not null;
    }
}
