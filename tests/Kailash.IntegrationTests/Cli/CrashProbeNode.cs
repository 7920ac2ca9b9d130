using Kailash.Nodes;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// A node for the SIGKILL crash tests, loaded into the CLI with <c>--nodes</c>: adds its inputs plus one, and appends
/// <c>nodeId:iteration</c> to the file named by <c>KAILASH_CRASH_LOG</c> each time its body runs. When that append is line
/// number <c>KAILASH_CRASH_AT</c> of the file, it writes the gate file <c>KAILASH_CRASH_GATE</c> and blocks until the test
/// kills the process: the kill point is a chosen node execution, not a moment in time.
/// </summary>
public sealed class CrashProbeNode : Node
{
    private static readonly Lock Gate = new();

    public override IReadOnlyList<NodeParameter> GetParameters() =>
    [
        new("value", typeof(long)) { Default = 0L, HasDefault = true },
        new("a", typeof(long)) { Default = 0L, HasDefault = true },
        new("b", typeof(long)) { Default = 0L, HasDefault = true },
        new("c", typeof(long)) { Default = 0L, HasDefault = true },
        new("d", typeof(long)) { Default = 0L, HasDefault = true },
    ];

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var sum = inputs.Get<long>("value") + inputs.Get<long>("a") + inputs.Get<long>("b") + inputs.Get<long>("c") + inputs.Get<long>("d");
        if (Environment.GetEnvironmentVariable("KAILASH_CRASH_LOG") is { Length: > 0 } log)
        {
            var block = false;
            lock (Gate)
            {
                File.AppendAllText(log, $"{context.NodeId}:{context.Cycle?.Iteration ?? 0}\n");
                if (int.TryParse(Environment.GetEnvironmentVariable("KAILASH_CRASH_AT"), out var crashAt) && File.ReadAllLines(log).Length == crashAt)
                {
                    File.WriteAllText(Environment.GetEnvironmentVariable("KAILASH_CRASH_GATE")!, context.NodeId);
                    block = true;
                }
            }

            if (block)
            {
                Thread.Sleep(Timeout.Infinite);
            }
        }

        return new Dictionary<string, object?> { ["result"] = sum + 1 };
    }
}
