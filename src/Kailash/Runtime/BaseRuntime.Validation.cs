using Kailash.Runtime.Validation;

namespace Kailash.Runtime;

/// <content>The validation concern's facade.</content>
public abstract partial class BaseRuntime
{
    /// <summary>Gets the validation concern: <c>ValidateWorkflow</c>, <c>GetValidationMetrics</c>, <c>ResetValidationMetrics</c>.</summary>
    public RuntimeValidation Validation => field ??= new RuntimeValidation(Engine);
}
