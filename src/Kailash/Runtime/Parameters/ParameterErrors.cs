using Kailash.Internal;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Validation;

namespace Kailash.Runtime.Parameters;

/// <summary>The coded errors of parameter binding. Messages name the node, the input and the source, and never show secret values.</summary>
internal static class ParameterErrors
{
    public static KailashException CoercionFailed(string nodeId, ParameterCheck check, object? value, string? problem, string source)
    {
        var parameter = check.Parameter;
        var detail = parameter.IsSecret || problem is null ? string.Empty : $": {problem.TrimEnd('.')}";
        return new KailashException(
            ErrorCodes.CoercionFailed,
            $"Node '{nodeId}' input '{parameter.Name}' expects {ConnectionContractException.Name(parameter.Type)}, but {source} is {Describe(value)} that cannot be converted{detail}. Please pass a value of type {ConnectionContractException.Name(parameter.Type)}.",
            nodeId,
            parameter.Name);
    }

    public static KailashException InvalidChoice(string nodeId, ParameterCheck check, object? value, string source)
    {
        var parameter = check.Parameter;
        var shown = parameter.IsSecret || value is null or System.Collections.IEnumerable and not string ? Describe(value) : $"'{value}'";
        return new KailashException(
            ErrorCodes.InvalidChoice,
            $"Node '{nodeId}' input '{parameter.Name}' does not allow {shown} (from {source}). {check.DescribeChoices(value)} Please pass one of the allowed values.",
            nodeId,
            parameter.Name);
    }

    public static KailashException MissingRequired(PlanNode node, Nodes.NodeParameter parameter)
    {
        var wired = new List<string>();
        foreach (var binding in node.Inputs)
        {
            if (binding.TargetInput == parameter.Name)
            {
                wired.Add(binding.Connection.ToString());
            }
        }

        var connections = wired.Count == 0
            ? string.Empty
            : $" Its connection {Suggestions.List(wired)} carried no value in this run (the source was skipped, failed or its output inactive).";
        var description = string.IsNullOrWhiteSpace(parameter.Description) ? string.Empty : $": {parameter.Description.TrimEnd('.')}";
        return new KailashException(
            ErrorCodes.MissingRequiredInput,
            $"Node '{node.Id}' ({node.TypeName}) needs input '{parameter.Name}' ({ConnectionContractException.Name(parameter.Type)}{description}) but nothing supplied it.{connections} Please connect an output to '{parameter.Name}', set it in the node's config, or pass it as a parameter: {{\"{parameter.Name}\": value}} for every node that declares it, or {{\"{node.Id}\": {{\"{parameter.Name}\": value}}}} for this node only.",
            node.Id,
            parameter.Name);
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string => "a string",
        _ => $"a {ConnectionContractException.Name(value.GetType())}",
    };
}
