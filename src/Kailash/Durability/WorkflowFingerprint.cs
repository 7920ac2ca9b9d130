using System.Security.Cryptography;
using System.Text;
using Kailash.Workflows;

namespace Kailash.Durability;

/// <summary>
/// The identity of a workflow's shape for resume: SHA-256 over node ids and registered type names, each node's
/// declared input and output ports (names and type names, no assembly versions), the connections and the cycle
/// settings. Config values and metadata are not part of it, so a changed constant does not block a resume;
/// a renamed node, a new edge or a different loop limit does.
/// </summary>
public static class WorkflowFingerprint
{
    /// <summary>The prefix of every fingerprint, naming the algorithm and the layout version.</summary>
    public const string Prefix = "kwf1-sha256:";

    /// <summary>Computes a workflow's fingerprint.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns><c>kwf1-sha256:</c> followed by 64 lower-case hex digits.</returns>
    public static string Compute(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var text = new StringBuilder(256);
        foreach (var node in workflow.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            text.Append("node ").Append(node.Id).Append(' ').Append(node.TypeName).Append('\n');
            foreach (var parameter in node.Node.GetParameters().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append(" in ").Append(parameter.Name).Append(' ').Append(TypeName(parameter.Type)).Append(parameter.Required ? " required" : string.Empty).Append('\n');
            }

            if (!node.Node.HasDynamicOutputs)
            {
                foreach (var port in node.Node.GetOutputs().Order(StringComparer.Ordinal))
                {
                    text.Append(" out ").Append(port).Append('\n');
                }
            }
        }

        foreach (var edge in workflow.Connections.Select(c => c.ToString()).Order(StringComparer.Ordinal))
        {
            text.Append("edge ").Append(edge).Append('\n');
        }

        foreach (var cycle in workflow.Cycles.OrderBy(c => c.CycleId, StringComparer.Ordinal))
        {
            text.Append("cycle ").Append(cycle.CycleId).Append(" max=").Append(cycle.MaxIterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")
                .Append(" converge=").Append(cycle.ConvergeWhen ?? "-").Append(" timeout=").Append(cycle.Timeout?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('\n');
            foreach (var edge in cycle.Connections.Select(c => c.ToString()).Order(StringComparer.Ordinal))
            {
                text.Append(" edge ").Append(edge).Append('\n');
            }
        }

        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A type's name without assembly or version: generic arguments spelled out by their own names.</summary>
    private static string TypeName(Type type)
        => type.IsGenericType
            ? $"{type.Namespace}.{type.Name}[{string.Join(',', type.GetGenericArguments().Select(TypeName))}]"
            : type.FullName ?? type.Name;
}
