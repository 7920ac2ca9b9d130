namespace Kailash.Benchmarks;

/// <summary>
/// The baselines: each shape's steps as plain calls in the order an engine would make them, with no engine.
/// </summary>
public static class DirectShapes
{
    /// <summary>One delegate call per step (value + 1), the same work the peers' steps do.</summary>
    public static long RunDelegates(string shape, Func<long, long> step, Func<long, bool> route)
    {
        switch (shape)
        {
            case Shapes.Seq3:
                return Chain(3, step);
            case Shapes.Chain50:
                return Chain(50, step);
            case Shapes.FanOut8Join:
                {
                    var start = step(0);
                    long sum = 0;
                    for (var i = 0; i < 8; i++)
                    {
                        sum += step(start);
                    }

                    return sum;
                }

            case Shapes.Loop:
                {
                    long value = 0;
                    for (var i = 0; i < Shapes.LoopIterations; i++)
                    {
                        value = step(step(value));
                    }

                    return value;
                }

            case Shapes.Switch:
                {
                    var start = step(0);
                    return route(start) ? step(step(start)) : -step(step(start));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    /// <summary>
    /// The Kailash node bodies called directly: per step one input map and one output map, as a node receives and returns
    /// them. The difference to the Kailash runtimes is the engine's own cost.
    /// </summary>
    public static long RunNodeBodies(string shape)
    {
        switch (shape)
        {
            case Shapes.Seq3:
                return NodeChain(0, 3);
            case Shapes.Chain50:
                return NodeChain(0, 50);
            case Shapes.FanOut8Join:
                {
                    var start = NodeStep(0);
                    var joinInputs = new Dictionary<string, object?>(8);
                    for (var i = 0; i < 8; i++)
                    {
                        joinInputs[$"x{i}"] = NodeStep(start);
                    }

                    long sum = 0;
                    foreach (var pair in joinInputs)
                    {
                        sum += (long)pair.Value!;
                    }

                    return (long)new Dictionary<string, object?>(1) { ["result"] = sum }["result"]!;
                }

            case Shapes.Loop:
                return NodeChain(0, 2 * Shapes.LoopIterations);
            case Shapes.Switch:
                {
                    var start = NodeStep(0);
                    var routed = new Dictionary<string, object?>(3) { ["true_output"] = start, ["false_output"] = null, ["condition_result"] = start > 0 };
                    return NodeChain((long)routed["true_output"]!, 2);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    private static long Chain(int length, Func<long, long> step)
    {
        long value = 0;
        for (var i = 0; i < length; i++)
        {
            value = step(value);
        }

        return value;
    }

    private static long NodeChain(long value, int length)
    {
        for (var i = 0; i < length; i++)
        {
            value = NodeStep(value);
        }

        return value;
    }

    private static long NodeStep(long value)
    {
        var inputs = new Dictionary<string, object?>(1) { ["value"] = value };
        var outputs = new Dictionary<string, object?>(1) { ["result"] = IncrementNode.Compute(inputs) };
        return (long)outputs["result"]!;
    }
}
