using Kailash.Nodes;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Parameters;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Validation;

/// <summary>
/// The run-time input contract of a node: values delivered by connections match the declared input types
/// (<see cref="ConnectionValidationMode"/>), and every required input is present before the node runs (<c>KWF007</c>).
/// Owns the runtime's validation metrics.
/// </summary>
internal sealed class ConnectionContractChecker : IBindingChecks
{
    private readonly ILogger _logger;

    public ConnectionContractChecker(RuntimeOptions options, ILogger logger)
    {
        Mode = options.ConnectionValidation;
        _logger = logger;
    }

    public ConnectionValidationMode Mode { get; }

    public ValidationMetricsCollector Metrics { get; } = new();

    public void RecordFailure(string code) => Metrics.RecordFailure(code);

    public void RecordWarning(string code) => Metrics.RecordWarning(code);

    public void CountNodeInputCheck() => Metrics.CountNodeInputCheck();

    /// <summary>The check after binding: every required input is present.</summary>
    public void Check(RunContext run, PlanNode node, NodeInputs inputs)
    {
        _ = run;
        var binding = node.Binding;
        if (!binding.HasInputChecks)
        {
            return;
        }

        var required = binding.Required;
        for (var i = 0; i < required.Length; i++)
        {
            if (!inputs.ContainsKey(required[i].Name))
            {
                Metrics.RecordFailure(ErrorCodes.MissingRequiredInput);
                throw ParameterErrors.MissingRequired(node, required[i]);
            }
        }
    }

    /// <summary>Checks a value a connection delivers into a declared input; returns the value converted to the declared type.</summary>
    public object? CheckConnection(RunContext run, PlanNode node, InputBinding binding, ParameterCheck check, object? value)
    {
        if (Mode == ConnectionValidationMode.Off)
        {
            return check.IsAllowed(value) ? value : throw ParameterErrors.InvalidChoice(node.Id, check, value, Source(binding));
        }

        if (check.TryConvert(value, out var converted, out var problem))
        {
            return check.IsAllowed(converted) ? converted : throw ParameterErrors.InvalidChoice(node.Id, check, converted, Source(binding));
        }

        var violation = new ConnectionContractException(
            binding.Connection.SourceNode,
            binding.Connection.SourceOutput,
            node.Id,
            binding.TargetInput,
            check.Parameter.Type,
            value?.GetType(),
            check.Parameter.IsSecret ? null : problem);
        if (Mode == ConnectionValidationMode.Strict)
        {
            throw violation;
        }

        Metrics.RecordWarning(ErrorCodes.ConnectionContractViolation);
        var message = run.Parameters.Secrets is { HasValues: true } secrets ? secrets.MaskText(violation.Message) : violation.Message;
        ValidationLog.ContractViolation(_logger, message);
        return value;
    }

    private static string Source(InputBinding binding) => $"connection '{binding.Connection}'";
}
