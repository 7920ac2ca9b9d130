using BenchmarkDotNet.Attributes;
using Microsoft.Agents.AI.Workflows;
using InProcessExecution = Microsoft.Agents.AI.Workflows.InProcessExecution;
using MafWorkflow = Microsoft.Agents.AI.Workflows.Workflow;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 13, beside <see cref="DurableStoreBenchmarks"/>: Microsoft Agent Framework on the same chain50 shape, without
/// checkpointing and with its in-memory checkpoint manager (a checkpoint per superstep), per step
/// (<c>OperationsPerInvoke = 50</c>). Compare its extra cost per step with Kailash's in-memory <c>Sync</c> row there:
/// both are "durability bookkeeping without a disk". MAF's checkpoints hold the whole run state per superstep; Kailash
/// writes each node result once.
/// </summary>
[Config(typeof(SideBySideConfig))]
[MemoryDiagnoser]
public class MafCheckpointBenchmarks
{
    private const int Steps = 50;
    private readonly MafWorkflow _chain = MafShapes.Build(Shapes.Chain50);

    /// <summary>Checks that the checkpointing row really checkpoints (a run leaves a latest checkpoint behind).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var manager = CheckpointManager.CreateInMemory();
        var run = InProcessExecution.Lockstep.WithCheckpointing(manager).RunAsync(_chain, 0L).AsTask().GetAwaiter().GetResult();
        try
        {
            _ = run.OutgoingEvents.Count();
            if (manager.GetLatestCheckpointAsync(run.SessionId).AsTask().GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException("MAF's in-memory checkpoint manager recorded no checkpoint for a chain50 run.");
            }
        }
        finally
        {
            run.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = Steps, Baseline = true)]
    public Task<long> Maf_NoCheckpointing() => MafShapes.RunAsync(InProcessExecution.Lockstep, _chain, 0);

    [Benchmark(OperationsPerInvoke = Steps)]
    public Task<long> Maf_InMemoryCheckpointing() => MafShapes.RunAsync(InProcessExecution.Lockstep.WithCheckpointing(CheckpointManager.CreateInMemory()), _chain, 0);
}
