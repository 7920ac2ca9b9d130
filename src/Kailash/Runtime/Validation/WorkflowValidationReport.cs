using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>What <c>ValidateWorkflow</c> found: errors (the workflow or its parameters would fail) and warnings. Nothing was run.</summary>
public sealed class WorkflowValidationReport
{
    internal WorkflowValidationReport(string workflowId, IReadOnlyList<WorkflowError> errors, IReadOnlyList<WorkflowError> warnings)
    {
        WorkflowId = workflowId;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets a value indicating whether no error was found (warnings may exist).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Gets the errors, each with a stable code, the node/port involved and how to fix it.</summary>
    public IReadOnlyList<WorkflowError> Errors { get; }

    /// <summary>Gets the warnings (<see cref="WorkflowError.IsWarning"/> is set).</summary>
    public IReadOnlyList<WorkflowError> Warnings { get; }

    /// <summary>Throws when the report has errors.</summary>
    /// <exception cref="WorkflowValidationException">At least one error was found; all are listed.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new WorkflowValidationException(Errors);
        }
    }

    /// <inheritdoc />
    public override string ToString()
        => $"Workflow '{WorkflowId}': {Internal.Counted.Of(Errors.Count, "error")}, {Internal.Counted.Of(Warnings.Count, "warning")}";
}
