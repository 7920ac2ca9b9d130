using Kailash.Nodes;
using Kailash.Runtime;

namespace Kailash.Orleans;

/// <summary>
/// How a silo runs Kailash workflows (<see cref="KailashSiloBuilderExtensions.AddKailash"/>). Configure every silo of a
/// cluster the same way: any silo may coordinate a run or execute one of its node steps.
/// </summary>
public sealed class KailashSiloOptions
{
    /// <summary>The default of <see cref="StepPollInterval"/>.</summary>
    public static readonly TimeSpan DefaultStepPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="MaxStepDispatches"/>.</summary>
    public const int DefaultMaxStepDispatches = 3;

    /// <summary>
    /// Gets or sets the node types workflows may use: the registry every silo loads workflow documents with. Defaults to
    /// <see cref="NodeRegistry.BuiltIn"/>; register your own node types on every silo.
    /// </summary>
    public NodeRegistry? Registry { get; set; }

    /// <summary>Gets or sets the options of the engine the run grains drive (error policy, concurrency, limits, logging, services).</summary>
    public RuntimeOptions Runtime { get; set; } = new();

    /// <summary>
    /// Gets or sets how long one poll of a running node step waits before it asks again. A run grain never holds a call
    /// open longer than this (Orleans' response timeout must be longer); a lost step is noticed within it.
    /// </summary>
    public TimeSpan StepPollInterval { get; set; } = DefaultStepPollInterval;

    /// <summary>Gets or sets how many times one node attempt is sent to an executor in all: the first send plus the re-sends after its executor's silo was lost.</summary>
    public int MaxStepDispatches { get; set; } = DefaultMaxStepDispatches;

    /// <summary>The default of <see cref="RecoverySweepInterval"/>.</summary>
    public static readonly TimeSpan DefaultRecoverySweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often each silo looks, in the engine's run store (<see cref="RuntimeOptions.RunStore"/>), for running
    /// runs whose lease expired (their coordinating silo died) and resumes them; <see langword="null"/> turns the sweep off.
    /// Without a run store there is nothing to sweep.
    /// </summary>
    public TimeSpan? RecoverySweepInterval { get; set; } = DefaultRecoverySweepInterval;

    /// <summary>Throws <see cref="KailashException"/> (<see cref="ErrorCodes.ClusterOptionsInvalid"/>) listing every invalid setting.</summary>
    internal void Validate()
    {
        var errors = new List<string>();
        if (Runtime is null)
        {
            errors.Add("Runtime must be set.");
        }

        if (StepPollInterval <= TimeSpan.Zero || StepPollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"StepPollInterval must be above zero and at most one minute (was {StepPollInterval}).");
        }

        if (MaxStepDispatches is < 1 or > 100)
        {
            errors.Add($"MaxStepDispatches must be between 1 and 100 (was {MaxStepDispatches}).");
        }

        if (RecoverySweepInterval is { } sweep && (sweep < TimeSpan.FromMilliseconds(100) || sweep > TimeSpan.FromHours(1)))
        {
            errors.Add($"RecoverySweepInterval must be between 100 ms and one hour, or null (was {sweep}).");
        }

        if (errors.Count > 0)
        {
            throw new KailashException(ErrorCodes.ClusterOptionsInvalid, $"The Kailash silo options are invalid: {string.Join(" ", errors)} Please fix them in siloBuilder.AddKailash(...).");
        }
    }
}
