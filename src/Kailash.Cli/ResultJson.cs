using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Cli;

/// <summary>Writes the one JSON document that <c>--output json</c> prints (shape: docs/workflow-files-and-cli §2).</summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Run(WorkflowRunResult result, string runtime, Exception? error)
        => Write(writer =>
        {
            writer.WriteString("run_id", result.RunId);
            writer.WriteString("status", Snake(result.Status.ToString()));
            writer.WriteString("runtime", runtime);
            writer.WriteNumber("duration_ms", Math.Round(result.Duration.TotalMilliseconds, 3));
            writer.WriteStartObject("results");
            foreach (var (id, node) in result.Results)
            {
                writer.WriteStartObject(id);
                WriteNode(writer, node);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("cycles");
            foreach (var (id, cycle) in result.Cycles)
            {
                writer.WriteStartObject(id);
                writer.WriteNumber("iterations", cycle.Iterations);
                writer.WriteString("termination", Snake(cycle.Termination.ToString()));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (error is not null)
            {
                WriteError(writer, error is KailashException k ? k.Code : ErrorCodes.NodeFailed, error.Message, (error as KailashException)?.NodeId);
            }
        });

    public static string Invalid(string code, string message, string? nodeId, IReadOnlyList<WorkflowError>? errors)
        => Write(writer =>
        {
            writer.WriteString("status", "invalid");
            WriteError(writer, code, message, nodeId);
            if (errors is { Count: > 0 })
            {
                WriteErrors(writer, "errors", errors);
            }
        });

    public static void WriteErrors(Utf8JsonWriter writer, string name, IReadOnlyList<WorkflowError> errors)
    {
        writer.WriteStartArray(name);
        foreach (var e in errors)
        {
            writer.WriteStartObject();
            writer.WriteString("code", e.Code);
            writer.WriteString("message", e.Message);
            WriteOptional(writer, "node", e.NodeId);
            WriteOptional(writer, "port", e.Port);
            WriteOptional(writer, "location", e.Location);
            writer.WriteBoolean("warning", e.IsWarning);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        try
        {
            JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            writer.WriteStringValue(value?.ToString());
        }
    }

    public static string Snake(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }

    private static void WriteNode(Utf8JsonWriter writer, NodeResult node)
    {
        writer.WriteString("status", Snake(node.Status.ToString()));
        if (node.Attempts > 1)
        {
            writer.WriteNumber("attempts", node.Attempts);
        }

        switch (node.Status)
        {
            case NodeStatus.Completed:
                writer.WriteStartObject("outputs");
                foreach (var (port, value) in node.Outputs)
                {
                    writer.WritePropertyName(port);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
                break;
            case NodeStatus.Skipped:
                writer.WriteString("reason", Snake(node.SkipReason.ToString()));
                break;
            case NodeStatus.Failed:
                writer.WriteStartObject("error");
                writer.WriteString("code", node.ErrorCode);
                writer.WriteString("type", node.Error?.GetType().Name);
                writer.WriteString("message", node.Error?.Message);
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteError(Utf8JsonWriter writer, string code, string message, string? nodeId)
    {
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        WriteOptional(writer, "node", nodeId);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
