using System.Threading.Tasks.Dataflow;

namespace Kailash.Benchmarks;

/// <summary>
/// The benchmark shapes as TPL Dataflow pipelines: one <see cref="TransformBlock{TInput,TOutput}"/> per node step,
/// each doing value + 1 (the switch router passes its value through, as every engine's router does).
/// </summary>
/// <remarks>
/// <para>Edges that only move data (a broadcast for fan-out, a batch for fan-in, the output buffer) are blocks that are not
/// node steps. Linear links propagate completion. Fan-in and loop back-edges do not: completing one worker would
/// complete the batch early, and completion never travels round a cycle.</para>
/// <para>A run posts one message at the head and receives one at the tail. A prebuilt pipeline serves every run
/// one after another (the streaming use); the per-run variant builds a fresh pipeline for each run and drops it once the
/// result is received (the one-shot use).</para>
/// </remarks>
public sealed class DataflowPipeline
{
    private static readonly DataflowLinkOptions Propagate = new() { PropagateCompletion = true };
    private static readonly DataflowLinkOptions NoPropagate = new();

    private readonly ITargetBlock<long> _head;
    private readonly IReceivableSourceBlock<long> _tail;

    private DataflowPipeline(ITargetBlock<long> head, IReceivableSourceBlock<long> tail)
    {
        _head = head;
        _tail = tail;
    }

    public static DataflowPipeline Build(string shape) => shape switch
    {
        Shapes.Seq3 => Chain(3),
        Shapes.Chain50 => Chain(50),
        Shapes.FanOut8Join => FanOut(8, Increment),
        Shapes.Loop => Loop(Shapes.LoopIterations),
        Shapes.Switch => Switch(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>A fan-out of <paramref name="width"/> asynchronous workers joined by a sum; workers run concurrently.</summary>
    public static DataflowPipeline FanOutAsync(int width, Func<long, Task<long>> work) => FanOut(width, () => new TransformBlock<long, long>(work));

    /// <summary>Posts <paramref name="input"/> at the head and waits for the value that reaches the tail.</summary>
    public async Task<long> RunAsync(long input)
    {
        if (!_head.Post(input))
        {
            throw new InvalidOperationException("The pipeline declined the input.");
        }

        return await _tail.ReceiveAsync().ConfigureAwait(false);
    }

    private static TransformBlock<long, long> Increment() => new(static n => n + 1);

    private static long Sum(long[] values)
    {
        long sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static DataflowPipeline Chain(int length)
    {
        var head = Increment();
        var tail = head;
        for (var i = 1; i < length; i++)
        {
            var next = Increment();
            tail.LinkTo(next, Propagate);
            tail = next;
        }

        return new DataflowPipeline(head, tail);
    }

    private static DataflowPipeline FanOut(int width, Func<TransformBlock<long, long>> worker)
    {
        var start = Increment();
        var broadcast = new BroadcastBlock<long>(null);
        var batch = new BatchBlock<long>(width);
        var join = new TransformBlock<long[], long>(Sum);
        start.LinkTo(broadcast, Propagate);
        for (var i = 0; i < width; i++)
        {
            var block = worker();
            broadcast.LinkTo(block, Propagate);
            block.LinkTo(batch, NoPropagate);
        }

        batch.LinkTo(join, Propagate);
        return new DataflowPipeline(start, join);
    }

    private static DataflowPipeline Loop(int iterations)
    {
        var limit = 2L * iterations;
        var inc = Increment();
        var check = Increment();
        var output = new BufferBlock<long>();
        inc.LinkTo(check, Propagate);
        check.LinkTo(inc, NoPropagate, n => n < limit);
        check.LinkTo(output, NoPropagate, n => n >= limit);
        return new DataflowPipeline(inc, output);
    }

    private static DataflowPipeline Switch()
    {
        var start = Increment();
        var router = new TransformBlock<long, long>(static n => n);
        var t1 = Increment();
        var t2 = Increment();
        var f1 = Increment();
        var f2 = Increment();
        var output = new BufferBlock<long>();
        start.LinkTo(router, Propagate);
        router.LinkTo(t1, NoPropagate, static n => n > 0);
        router.LinkTo(f1, NoPropagate, static n => n <= 0);
        t1.LinkTo(t2, Propagate);
        f1.LinkTo(f2, Propagate);
        t2.LinkTo(output, NoPropagate);
        f2.LinkTo(output, NoPropagate);
        return new DataflowPipeline(start, output);
    }
}
