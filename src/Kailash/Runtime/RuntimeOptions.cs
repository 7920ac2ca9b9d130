using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kailash.Runtime;

/// <summary>
/// Settings of a runtime. Validated once when the runtime is constructed; every problem is reported together in one
/// <see cref="InvalidRuntimeOptionsException"/>. Changing an options object after it was given to a runtime has no effect on that runtime.
/// </summary>
public sealed partial class RuntimeOptions
{
    /// <summary>The default of <see cref="MaxConcurrency"/>.</summary>
    public const int DefaultMaxConcurrency = 10;

    /// <summary>The default of <see cref="MaxSteps"/>.</summary>
    public const long DefaultMaxSteps = 1_000_000;

    /// <summary>Gets or sets how many nodes <c>AsyncLocalRuntime</c> may run at once (the sync runtime always runs one at a time).</summary>
    /// <value>The default value is 10.</value>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>Gets or sets what a run does when a node fails.</summary>
    /// <value>The default value is <see cref="ErrorPolicy.Stop"/>.</value>
    public ErrorPolicy ErrorPolicy { get; set; } = ErrorPolicy.Stop;

    /// <summary>Gets or sets the run's global step budget: the most node executions one run may make (cycle iterations included).</summary>
    /// <value>The default value is 1,000,000.</value>
    public long MaxSteps { get; set; } = DefaultMaxSteps;

    /// <summary>Gets or sets a time limit for a whole run; reaching it cancels the run.</summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets or sets the logger factory. Nodes and the runtime log through it.</summary>
    /// <value>The default value is <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Gets or sets the clock used for durations, timeouts and retry delays.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every setting and throws one exception listing all problems.</summary>
    /// <exception cref="InvalidRuntimeOptionsException">At least one setting is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrency < 1)
        {
            errors.Add($"MaxConcurrency must be at least 1 (was {MaxConcurrency}).");
        }

        if (MaxSteps < 1)
        {
            errors.Add($"MaxSteps must be at least 1 (was {MaxSteps}).");
        }

        if (RunTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add($"RunTimeout must be positive when set (was {timeout}).");
        }

        if (!Enum.IsDefined(ErrorPolicy))
        {
            errors.Add($"ErrorPolicy '{ErrorPolicy}' is not defined.");
        }

        if (LoggerFactory is null)
        {
            errors.Add("LoggerFactory must not be null; use NullLoggerFactory.Instance to disable logging.");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider must not be null; use TimeProvider.System.");
        }

        ValidateValidation(errors);
        ValidateParameters(errors);
        ValidateConditional(errors);
        ValidateCycles(errors);
        ValidateEnterprise(errors);
        ValidateAnalytics(errors);
        ValidatePermissions(errors);
        if (errors.Count > 0)
        {
            throw new InvalidRuntimeOptionsException(errors);
        }
    }

    /// <summary>Creates a shallow copy, so the runtime is not affected by later changes to this object.</summary>
    /// <returns>The copy.</returns>
    internal RuntimeOptions Snapshot() => (RuntimeOptions)MemberwiseClone();

    partial void ValidateValidation(List<string> errors);

    partial void ValidateParameters(List<string> errors);

    partial void ValidateConditional(List<string> errors);

    partial void ValidateCycles(List<string> errors);

    partial void ValidateEnterprise(List<string> errors);

    partial void ValidateAnalytics(List<string> errors);

    partial void ValidatePermissions(List<string> errors);
}
