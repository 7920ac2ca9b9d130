using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kailash.Runtime;

/// <summary>
/// Settings of a runtime. Validated once when the runtime is constructed; every problem is reported together in one
/// <see cref="InvalidRuntimeOptionsException"/>. A runtime keeps a deep, read-only copy: changing an options object (or a policy
/// object inside it) after it was given to a runtime has no effect on that runtime, and the runtime's own <c>Options</c> refuse changes.
/// </summary>
public sealed partial class RuntimeOptions
{
    /// <summary>The default of <see cref="MaxConcurrency"/>.</summary>
    public const int DefaultMaxConcurrency = 10;

    /// <summary>The default of <see cref="MaxSteps"/>.</summary>
    public const long DefaultMaxSteps = 1_000_000;

    /// <summary>Gets or sets how many nodes <c>AsyncLocalRuntime</c> may run at once (the sync runtime always runs one at a time).</summary>
    /// <value>The default value is 10.</value>
    public int MaxConcurrency { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultMaxConcurrency;

    /// <summary>
    /// Gets or sets how many synchronous nodes <c>AsyncLocalRuntime</c> may run at once on thread-pool threads (Kailash's
    /// <c>thread_pool_size</c>). With 0, synchronous nodes run inline, one at a time, on the thread driving the run; with
    /// a positive value, a synchronous node starts on a thread-pool thread when another node is ready or running beside it,
    /// so CPU-bound nodes use several cores. A synchronous node that is the only one ready still runs inline. Nodes in
    /// flight never exceed <see cref="MaxConcurrency"/> (a larger value is capped by it); results are the same either way.
    /// The sync runtime ignores it.
    /// </summary>
    /// <value>The default value is 0 (inline).</value>
    public int MaxParallelSyncNodes { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets what a run does when a node fails.</summary>
    /// <value>The default value is <see cref="ErrorPolicy.Stop"/>.</value>
    public ErrorPolicy ErrorPolicy { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = ErrorPolicy.Stop;

    /// <summary>Gets or sets the run's global step budget: the most node executions one run may make (cycle iterations included).</summary>
    /// <value>The default value is 1,000,000.</value>
    public long MaxSteps { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultMaxSteps;

    /// <summary>Gets or sets a time limit for a whole run; reaching it cancels the run.</summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public TimeSpan? RunTimeout { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets the logger factory. Nodes and the runtime log through it.</summary>
    /// <value>The default value is <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = NullLoggerFactory.Instance;

    /// <summary>Gets or sets the clock used for durations, timeouts and retry delays.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = TimeProvider.System;

    /// <summary>
    /// Gets a value indicating whether these options are a runtime's own copy, which is read-only: setting anything on it (or on an
    /// options object inside it) throws <see cref="InvalidOperationException"/> (<c>KWF053</c>).
    /// </summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Checks every setting and throws one exception listing all problems.</summary>
    /// <exception cref="InvalidRuntimeOptionsException">At least one setting is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrency < 1)
        {
            errors.Add($"MaxConcurrency must be at least 1 (was {MaxConcurrency}).");
        }

        if (MaxParallelSyncNodes < 0)
        {
            errors.Add($"MaxParallelSyncNodes must be 0 (synchronous nodes run inline) or more (was {MaxParallelSyncNodes}).");
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
        ValidateDurability(errors);
        if (errors.Count > 0)
        {
            throw new InvalidRuntimeOptionsException(errors);
        }
    }

    /// <summary>
    /// Creates the runtime's private copy: every settings object inside is copied too (services such as the logger factory,
    /// clock, secret provider and access policy are shared), and the copy and everything in it is read-only.
    /// </summary>
    /// <returns>The read-only copy.</returns>
    internal RuntimeOptions Snapshot()
    {
        var copy = (RuntimeOptions)MemberwiseClone();
        copy.IsReadOnly = false;
        copy.CopyEnterprise();
        copy.IsReadOnly = true;
        return copy;
    }

    partial void CopyEnterprise();

    partial void ValidateValidation(List<string> errors);

    partial void ValidateParameters(List<string> errors);

    partial void ValidateConditional(List<string> errors);

    partial void ValidateCycles(List<string> errors);

    partial void ValidateEnterprise(List<string> errors);

    partial void ValidateAnalytics(List<string> errors);

    partial void ValidatePermissions(List<string> errors);

    partial void ValidateDurability(List<string> errors);
}
