using System.Text.Json;
using Kailash.Internal;
using Kailash.Workflows;

namespace Kailash.Cli;

/// <summary>Turns <c>--params-file</c> and <c>--param</c> values into the runtime's parameter map (the file first, flags override).</summary>
internal static class ParameterParser
{
    public static Dictionary<string, object?> Parse(Workflow workflow, IReadOnlyList<string> flags, FileInfo? file)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (file is not null)
        {
            ReadFile(file, parameters);
        }

        foreach (var flag in flags)
        {
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliInputException(ErrorCodes.InvalidField, $"{ErrorCodes.InvalidField}: --param '{flag}' is not key=value. Please write --param name=value or --param node.name=value.");
            }

            var key = flag[..equals];
            var value = ParseValue(flag[(equals + 1)..]);
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && !workflow.TryGetNode(key, out _))
            {
                var nodeId = key[..dot];
                if (!workflow.TryGetNode(nodeId, out _))
                {
                    throw new CliInputException(
                        ErrorCodes.UnknownParameter,
                        $"{ErrorCodes.UnknownParameter}: --param '{key}' names node '{nodeId}', which the workflow does not have.{Suggestions.DidYouMean(nodeId, workflow.Nodes.Select(n => n.Id))} Nodes: {Suggestions.List(workflow.Nodes.Select(n => n.Id))}.");
                }

                var perNode = parameters.TryGetValue(nodeId, out var existing) && existing is Dictionary<string, object?> map ? map : new Dictionary<string, object?>(StringComparer.Ordinal);
                perNode[key[(dot + 1)..]] = value;
                parameters[nodeId] = perNode;
            }
            else
            {
                parameters[key] = value;
            }
        }

        return parameters;
    }

    /// <summary>A value is JSON when it parses as JSON, else the raw string.</summary>
    public static object? ParseValue(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            RefuseNonFinite(document.RootElement, $"--param value '{text}'");
            return ValueConverter.FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>
    /// A JSON number too large for a double (<c>1e400</c>) would become infinity, which no JSON output can carry back:
    /// it is refused with KWF025 before anything runs.
    /// </summary>
    private static void RefuseNonFinite(JsonElement element, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when !element.TryGetInt64(out _) && (!element.TryGetDouble(out var number) || !double.IsFinite(number)):
                throw new CliInputException(ErrorCodes.NonFiniteNumber, $"{ErrorCodes.NonFiniteNumber}: {source} holds the number {element.GetRawText()}, which is beyond the range of a double (about ±1.8e308). Please use a smaller number, or quote it to pass text.");
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    RefuseNonFinite(property.Value, source);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RefuseNonFinite(item, source);
                }

                break;
        }
    }

    private static void ReadFile(FileInfo file, Dictionary<string, object?> parameters)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new CliInputException(ErrorCodes.FileNotReadable, $"{ErrorCodes.FileNotReadable}: --params-file '{file.FullName}' is a directory, not a JSON file.");
        }

        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException(ErrorCodes.FileNotReadable, $"{ErrorCodes.FileNotReadable}: Cannot read --params-file '{file.FullName}': {ex.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            RefuseNonFinite(document.RootElement, $"--params-file '{file.Name}'");
            if (ValueConverter.FromJson(document.RootElement) is not Dictionary<string, object?> map)
            {
                throw new CliInputException(ErrorCodes.InvalidField, $"{ErrorCodes.InvalidField}: --params-file '{file.Name}' must hold a JSON object ({{\"name\": value}} and/or {{\"node\": {{\"name\": value}}}}).");
            }

            foreach (var pair in map)
            {
                parameters[pair.Key] = pair.Value;
            }
        }
        catch (JsonException ex)
        {
            throw new CliInputException(ErrorCodes.MalformedFile, $"{ErrorCodes.MalformedFile}: --params-file '{file.Name}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}");
        }
    }
}
