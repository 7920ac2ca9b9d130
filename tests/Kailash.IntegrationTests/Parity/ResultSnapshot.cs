using System.Globalization;
using System.Text;
using System.Text.Json;
using Kailash.Runtime;

namespace Kailash.IntegrationTests.Parity;

/// <summary>A canonical text form of a run's outcome, so two runtimes' results can be compared exactly.</summary>
public static class ResultSnapshot
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string Of(WorkflowRunResult result, string? thrownCode = null) => Of(result, thrownCode, static error => error.GetType().Name);

    /// <summary>The snapshot, naming each error's type with <paramref name="typeName"/> (a restored error names its original type).</summary>
    public static string Of(WorkflowRunResult result, string? thrownCode, Func<Exception, string> typeName)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"status={result.Status}; thrown={thrownCode ?? "-"}\n");
        foreach (var (id, node) in result.Results)
        {
            text.Append(CultureInfo.InvariantCulture, $"{id}: {node.Status} skip={node.SkipReason} attempts={node.Attempts}");
            if (node.Status == NodeStatus.Completed)
            {
                text.Append(" outputs=").Append(JsonSerializer.Serialize(node.Outputs, Json));
            }

            if (node.Error is { } error)
            {
                text.Append(CultureInfo.InvariantCulture, $" error={node.ErrorCode}/{typeName(error)}: {error.Message}");
            }

            text.Append('\n');
        }

        foreach (var (id, cycle) in result.Cycles)
        {
            text.Append(CultureInfo.InvariantCulture, $"cycle {id}: iterations={cycle.Iterations} termination={cycle.Termination}\n");
        }

        return text.ToString();
    }
}
