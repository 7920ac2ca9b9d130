namespace Kailash.Runtime.Validation;

/// <summary>A snapshot of one runtime's validation work since it was created or last reset.</summary>
public sealed class ValidationMetrics
{
    internal ValidationMetrics(long workflowValidations, long runChecks, long nodeInputChecks, IReadOnlyDictionary<string, long> failuresByCode, IReadOnlyDictionary<string, long> warningsByCode, TimeSpan timeSpent)
    {
        WorkflowValidations = workflowValidations;
        RunChecks = runChecks;
        NodeInputChecks = nodeInputChecks;
        FailuresByCode = failuresByCode;
        WarningsByCode = warningsByCode;
        TimeSpent = timeSpent;
        foreach (var count in failuresByCode.Values)
        {
            Failures += count;
        }

        foreach (var count in warningsByCode.Values)
        {
            Warnings += count;
        }
    }

    /// <summary>Gets how many times <c>ValidateWorkflow</c> ran.</summary>
    public long WorkflowValidations { get; }

    /// <summary>Gets how many runs were checked before starting (access policy, parameter keys, secrets).</summary>
    public long RunChecks { get; }

    /// <summary>Gets how many node invocations had their inputs checked (nodes that declare typed or required inputs).</summary>
    public long NodeInputChecks { get; }

    /// <summary>Gets the total of all checks: <see cref="WorkflowValidations"/> + <see cref="RunChecks"/> + <see cref="NodeInputChecks"/>.</summary>
    public long ChecksRun => WorkflowValidations + RunChecks + NodeInputChecks;

    /// <summary>Gets the number of failures (errors found by <c>ValidateWorkflow</c>, runs refused, nodes failed by a check).</summary>
    public long Failures { get; }

    /// <summary>Gets the failures by error code (for example <c>KWF041</c>).</summary>
    public IReadOnlyDictionary<string, long> FailuresByCode { get; }

    /// <summary>Gets the number of warnings (warnings of <c>ValidateWorkflow</c>, <c>Warn</c>-mode violations).</summary>
    public long Warnings { get; }

    /// <summary>Gets the warnings by code.</summary>
    public IReadOnlyDictionary<string, long> WarningsByCode { get; }

    /// <summary>
    /// Gets the time spent in <c>ValidateWorkflow</c> and in the checks made before each run starts. Per-node input checks
    /// are counted but not timed, so the per-node path stays cheap.
    /// </summary>
    public TimeSpan TimeSpent { get; }
}
