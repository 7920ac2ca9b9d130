using Kailash.Durability;
using Kailash.Orleans.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kailash.Orleans;

/// <summary>
/// Runs on every silo when the engine has a run store: every <see cref="KailashSiloOptions.RecoverySweepInterval"/> it
/// lists the runs the store has as running whose lease expired (their coordinating silo died) and wakes their run
/// grain, which resumes the run from the store on whichever silo it is activated on.
/// </summary>
internal sealed partial class RecoverySweep : BackgroundService
{
    private readonly KailashSilo _silo;
    private readonly IGrainFactory _grains;
    private readonly ILogger<RecoverySweep> _logger;

    public RecoverySweep(KailashSilo silo, IGrainFactory grains, ILogger<RecoverySweep> logger)
    {
        _silo = silo;
        _grains = grains;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_silo.Runtime.Options.RunStore is not { } store || _silo.Options.RecoverySweepInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, _silo.Runtime.Options.TimeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(store, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store or cluster hiccup: the next sweep tries again.
                SweepFailed(_logger, ex);
            }
        }
    }

    /// <summary>Wakes the run grain of every running run whose lease expired; returns how many were woken.</summary>
    internal async Task<int> SweepAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var now = _silo.Runtime.Options.TimeProvider.GetUtcNow();
        var woken = 0;
        foreach (var run in await store.ListRunsAsync(new RunQuery { Status = DurableRunStatus.Running, Limit = 1000 }, cancellationToken).ConfigureAwait(false))
        {
            if (run.LeaseExpiresAt is { } expires && expires <= now)
            {
                await _grains.GetGrain<IWorkflowRunGrain>(run.RunId).RecoverAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                woken++;
            }
        }

        return woken;
    }

    [LoggerMessage(EventId = 1903, Level = LogLevel.Warning, Message = "Kailash recovery sweep failed; it runs again at the next interval.")]
    private static partial void SweepFailed(ILogger logger, Exception error);
}
