using System.Globalization;
using System.Security;
using System.Text;
using Kailash.Workflows;

namespace Kailash.AspNetCore;

/// <summary>
/// Draws a workflow as SVG on the server (no script, no CDN): nodes in columns by their depth along the regular
/// connections, each box coloured by the node's status, connections as arrows (cycle connections dashed).
/// </summary>
internal static class GraphSvg
{
    private const int Width = 170;
    private const int Height = 48;
    private const int ColumnGap = 70;
    private const int RowGap = 26;
    private const int Margin = 20;

    public static string Render(Workflow workflow, IReadOnlyDictionary<string, string> statuses)
    {
        var depth = Depths(workflow);
        var columns = workflow.Nodes.GroupBy(n => depth[n.Id]).OrderBy(g => g.Key).ToList();
        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var row = 0;
            foreach (var node in column)
            {
                position[node.Id] = (Margin + (column.Key * (Width + ColumnGap)), Margin + (row++ * (Height + RowGap)));
            }
        }

        var totalWidth = (Margin * 2) + Math.Max(1, columns.Count) * (Width + ColumnGap) - ColumnGap;
        var totalHeight = (Margin * 2) + (Math.Max(1, columns.Select(c => c.Count()).DefaultIfEmpty(1).Max()) * (Height + RowGap)) - RowGap;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{totalWidth}\" height=\"{totalHeight}\" viewBox=\"0 0 {totalWidth} {totalHeight}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>");
        var cycleEdges = CycleEdges(workflow);
        foreach (var connection in workflow.Connections.Concat(workflow.Cycles.SelectMany(c => c.Connections)).DistinctBy(c => (c.SourceNode, c.TargetNode)))
        {
            var (sx, sy) = position[connection.SourceNode];
            var (tx, ty) = position[connection.TargetNode];
            var dashed = cycleEdges.Contains((connection.SourceNode, connection.TargetNode)) ? " stroke-dasharray=\"5 4\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"edge\" x1=\"{sx + Width}\" y1=\"{sy + (Height / 2)}\" x2=\"{tx}\" y2=\"{ty + (Height / 2)}\" stroke=\"#555\" marker-end=\"url(#arrow)\"{dashed}/>");
        }

        foreach (var node in workflow.Nodes)
        {
            var (x, y) = position[node.Id];
            var status = statuses.GetValueOrDefault(node.Id, "pending");
            var (fill, text) = Colours(status);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node\" data-node=\"{Escape(node.Id)}\" data-status=\"{Escape(status)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{Width}\" height=\"{Height}\" rx=\"6\" fill=\"{fill}\" stroke=\"#333\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10}\" y=\"{y + 19}\" fill=\"{text}\" font-weight=\"bold\">{Escape(Clip(node.Id))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10}\" y=\"{y + 36}\" fill=\"{text}\">{Escape(Clip(node.TypeName))} · {Escape(status)}</text>");
            svg.Append("</g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static HashSet<(string, string)> CycleEdges(Workflow workflow)
        => [.. workflow.Cycles.SelectMany(cycle => cycle.Connections).Select(c => (c.SourceNode, c.TargetNode))];

    private static Dictionary<string, int> Depths(Workflow workflow)
    {
        var depth = workflow.Nodes.ToDictionary(n => n.Id, _ => 0, StringComparer.Ordinal);
        var cycleEdges = CycleEdges(workflow);
        var edges = workflow.Connections.Where(c => !cycleEdges.Contains((c.SourceNode, c.TargetNode))).ToList();
        for (var pass = 0; pass < workflow.Nodes.Count; pass++)
        {
            var changed = false;
            foreach (var edge in edges)
            {
                var candidate = Math.Min(depth[edge.SourceNode] + 1, workflow.Nodes.Count);
                if (candidate > depth[edge.TargetNode])
                {
                    depth[edge.TargetNode] = candidate;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return depth;
    }

    private static (string Fill, string Text) Colours(string status) => status switch
    {
        "completed" => ("#2e7d32", "#ffffff"),
        "failed" => ("#c62828", "#ffffff"),
        "cancelled" => ("#ef6c00", "#ffffff"),
        "skipped" => ("#9e9e9e", "#ffffff"),
        "not_run" => ("#f5f5f5", "#555555"),
        _ => ("#e3f2fd", "#0d47a1"),
    };

    private static string Clip(string text) => text.Length <= 22 ? text : string.Concat(text.AsSpan(0, 21), "…");

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
