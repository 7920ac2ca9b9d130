using System.Text;

namespace Kailash.Workflows.Visualization;

/// <summary>
/// Draws a workflow as a Mermaid flowchart: one box per node (its id and type), a solid arrow per connection labelled
/// with its ports, and a dashed arrow per cycle edge labelled with the cycle id.
/// </summary>
/// <remarks>
/// Only ids, type names, port names and cycle ids are printed, never config values, metadata or extensions: those may
/// hold secrets.
/// </remarks>
public static class MermaidExporter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "end", "graph", "flowchart", "subgraph", "style", "class", "classDef", "click", "linkStyle", "direction", "call", "href",
    };

    /// <summary>Renders the workflow as Mermaid <c>flowchart TD</c> text.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>The Mermaid text, ending with a newline.</returns>
    public static string ToMermaid(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string MermaidId(string nodeId)
        {
            if (!ids.TryGetValue(nodeId, out var id))
            {
                id = Unique(Sanitize(nodeId), used);
                ids[nodeId] = id;
            }

            return id;
        }

        var text = new StringBuilder("flowchart TD\n");
        foreach (var node in workflow.Nodes)
        {
            text.Append("    ").Append(MermaidId(node.Id)).Append("[\"").Append(Escape(node.Id)).Append("<br/>").Append(Escape(node.TypeName)).Append("\"]\n");
        }

        foreach (var connection in workflow.Connections)
        {
            text.Append("    ").Append(MermaidId(connection.SourceNode))
                .Append(" -->|\"").Append(Escape(connection.SourceOutput)).Append(" -> ").Append(Escape(connection.TargetInput)).Append("\"| ")
                .Append(MermaidId(connection.TargetNode)).Append('\n');
        }

        foreach (var cycle in workflow.Cycles)
        {
            foreach (var connection in cycle.Connections)
            {
                text.Append("    ").Append(MermaidId(connection.SourceNode))
                    .Append(" -.->|\"").Append(Escape(cycle.CycleId)).Append("\"| ")
                    .Append(MermaidId(connection.TargetNode)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Keeps letters, digits and underscores; prefixes ids that would start with a digit or clash with a Mermaid keyword.</summary>
    private static string Sanitize(string nodeId)
    {
        var id = new StringBuilder(nodeId.Length);
        foreach (var c in nodeId)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        var result = id.ToString();
        return result.Length == 0 || char.IsAsciiDigit(result[0]) || Reserved.Contains(result) ? "n_" + result : result;
    }

    private static string Unique(string id, HashSet<string> used)
    {
        var candidate = id;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{id}_{i}";
        }

        return candidate;
    }

    /// <summary>Escapes text for a quoted Mermaid label with Mermaid's entity codes.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => escaped.Append("#quot;"),
                '<' => escaped.Append("#lt;"),
                '>' => escaped.Append("#gt;"),
                '&' => escaped.Append("#amp;"),
                '|' => escaped.Append("#124;"),
                '#' => escaped.Append("#35;"),
                '\n' or '\r' => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
