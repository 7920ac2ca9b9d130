using Kailash.Runtime.Validation;

namespace Kailash.Runtime;

/// <content>Validation settings.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>The default of <see cref="LargeWorkflowNodeCount"/>.</summary>
    public const int DefaultLargeWorkflowNodeCount = 1000;

    /// <summary>Gets or sets how values delivered by connections are checked against the declared input types before a node runs.</summary>
    /// <value>The default value is <see cref="ConnectionValidationMode.Strict"/>.</value>
    public ConnectionValidationMode ConnectionValidation { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = ConnectionValidationMode.Strict;

    /// <summary>
    /// Gets or sets the policy asked, with the run's user context, whether a run may start. A denial throws
    /// <see cref="WorkflowAccessDeniedException"/> (code <c>KWF043</c>) and runs nothing.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (every run is allowed).</value>
    public IWorkflowAccessPolicy? AccessPolicy { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets the node count above which <c>ValidateWorkflow</c> warns that a workflow is very large (<c>KWF052</c>).</summary>
    /// <value>The default value is 1000.</value>
    public int LargeWorkflowNodeCount { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultLargeWorkflowNodeCount;

    partial void ValidateValidation(List<string> errors)
    {
        if (!Enum.IsDefined(ConnectionValidation))
        {
            errors.Add($"ConnectionValidation '{ConnectionValidation}' is not defined; use Off, Warn or Strict.");
        }

        if (LargeWorkflowNodeCount < 1)
        {
            errors.Add($"LargeWorkflowNodeCount must be at least 1 (was {LargeWorkflowNodeCount}).");
        }
    }
}
