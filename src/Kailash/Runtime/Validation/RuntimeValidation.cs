using System.Diagnostics;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>
/// The validation concern of a runtime (<c>runtime.Validation</c>): validate a workflow without running it, and read
/// this runtime's validation metrics.
/// </summary>
public sealed class RuntimeValidation
{
    private readonly ExecutionEngine _engine;

    internal RuntimeValidation(ExecutionEngine engine) => _engine = engine;

    private ValidationMetricsCollector Metrics => _engine.Services.Contracts.Metrics;

    /// <summary>
    /// Validates a workflow without running anything: structural errors, warnings (disconnected nodes, undeclared config
    /// keys, very large graphs) and, when <paramref name="parameters"/> is given, everything those parameters would cause
    /// (unknown keys, conversions, choices, templates, required inputs nothing supplies, missing secret provider).
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">
    /// The parameters a run would get. When <see langword="null"/>, inputs and templates that only parameters can supply are
    /// reported as warnings; when given (even empty), as errors.
    /// </param>
    /// <returns>The errors and warnings found.</returns>
    public WorkflowValidationReport ValidateWorkflow(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var start = Stopwatch.GetTimestamp();
        var report = WorkflowValidator.Report(_engine.GetPlan(workflow), parameters, _engine.Services.Options);
        var metrics = Metrics;
        metrics.CountWorkflowValidation();
        foreach (var error in report.Errors)
        {
            metrics.RecordFailure(error.Code);
        }

        foreach (var warning in report.Warnings)
        {
            metrics.RecordWarning(warning.Code);
        }

        metrics.AddTime(Stopwatch.GetElapsedTime(start));
        return report;
    }

    /// <summary>Gets this runtime's validation metrics: checks run, failures and warnings by code, time spent.</summary>
    /// <returns>A snapshot.</returns>
    public ValidationMetrics GetValidationMetrics() => Metrics.Snapshot();

    /// <summary>Resets this runtime's validation metrics (other runtimes are not affected).</summary>
    public void ResetValidationMetrics() => Metrics.Reset();
}
