using Kailash.Runtime.Conditional;

namespace Kailash.Runtime;

/// <content>Conditional-execution settings.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>Gets or sets how switches steer a run.</summary>
    /// <value>The default value is <see cref="ConditionalExecutionMode.RouteData"/>.</value>
    public ConditionalExecutionMode ConditionalExecution { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = ConditionalExecutionMode.RouteData;

    partial void ValidateConditional(List<string> errors)
    {
        if (!Enum.IsDefined(ConditionalExecution))
        {
            errors.Add($"ConditionalExecution '{ConditionalExecution}' is not defined.");
        }
    }
}
