using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Cli;

/// <summary>Writes the one JSON document that <c>--output json</c> prints (shape: docs/workflow-files-and-cli §2).</summary>
internal static class ResultJson
{
    /// <summary>The most errors a document lists; <c>errors_omitted</c> counts the rest.</summary>
    public const int MaxListedErrors = 100;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// How values leave the CLI: NaN and ±infinity, which JSON has no number for, are written as the strings
    /// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> (System.Text.Json's names, also used in saved workflow files).
    /// </summary>
    private static readonly JsonSerializerOptions ValueOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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
            if (result.PendingInputs.Count > 0)
            {
                writer.WriteStartArray("pending_inputs");
                foreach (var request in result.PendingInputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("request_id", request.RequestId);
                    writer.WriteString("node_id", request.NodeId);
                    writer.WriteString("name", request.Name);
                    writer.WriteString("prompt", request.Payload);
                    if (request.ExpiresAt is { } expires)
                    {
                        writer.WriteString("expires_at", expires);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

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
        foreach (var e in errors.Take(MaxListedErrors))
        {
            writer.WriteStartObject();
            writer.WriteString("code", e.Code);
            writer.WriteString("message", CliAdvice.ForCli(e.Message));
            WriteOptional(writer, "node", e.NodeId);
            WriteOptional(writer, "port", e.Port);
            WriteOptional(writer, "location", e.Location);
            writer.WriteBoolean("warning", e.IsWarning);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (errors.Count > MaxListedErrors)
        {
            writer.WriteNumber(name + "_omitted", errors.Count - MaxListedErrors);
        }
    }

    /// <summary>Returns a JSON document as one line with a leading <c>type</c> member (the last line of <c>--output jsonl</c>).</summary>
    public static string Line(string document, string type)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(document)!.AsObject();
        node.Insert(0, "type", type);
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
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
        // Serialized to bytes first, so a value that cannot be written leaves no half-written JSON behind.
        if (TrySerialize(value) is { } bytes)
        {
            writer.WriteRawValue(bytes, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(value?.ToString());
        }
    }

    /// <summary>A value as compact JSON text (for the table), or its <c>ToString()</c> when it has no JSON form.</summary>
    public static string Text(object? value) => TrySerialize(value) is { } bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "null";

    private static byte[]? TrySerialize(object? value)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), ValueOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            return null;
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
                writer.WriteString("message", CliAdvice.ForCli(node.Error?.Message));
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>The documented <c>error</c> object for the first of <paramref name="errors"/>.</summary>
    public static void WriteFirstError(Utf8JsonWriter writer, IReadOnlyList<WorkflowError> errors)
        => WriteError(writer, errors[0].Code, $"{errors[0].Code}: {errors[0].Message}", errors[0].NodeId);

    private static void WriteError(Utf8JsonWriter writer, string code, string message, string? nodeId)
    {
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", CliAdvice.ForCli(message));
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
