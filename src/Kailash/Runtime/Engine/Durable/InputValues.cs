using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kailash.Durability;
using Kailash.Internal;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// How requests and responses are stored: a request's payload is <c>{"prompt", "type", "schema"}</c> (the type as a stable
/// JSON name: <c>boolean</c>, <c>integer</c>, <c>number</c>, <c>string</c>, <c>any</c>); a response is stored like a node
/// output value (<see cref="RunStateValues"/>) and converted to the requested type when it is delivered.
/// </summary>
internal static class InputValues
{
    public static string Payload<T>(InputQuestion question)
    {
        var payload = new JsonObject { ["prompt"] = question.Prompt, ["type"] = TypeName(typeof(T)) };
        if (question.Schema is { } schema)
        {
            payload["schema"] = JsonNode.Parse(schema);
        }

        return payload.ToJsonString();
    }

    /// <summary>Reads the requested type from a stored payload (<see langword="null"/> when any value will do or the payload is not ours).</summary>
    public static Type? RequestedType(InputRequestRecord request)
    {
        try
        {
            return request.Payload is { } payload && JsonNode.Parse(payload) is JsonObject json && json["type"] is JsonValue type
                ? type.GetValue<string>() switch
                {
                    "boolean" => typeof(bool),
                    "integer" => typeof(long),
                    "number" => typeof(double),
                    "string" => typeof(string),
                    _ => null,
                }
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Gets the prompt of a stored request (its payload's <c>prompt</c>, else the payload itself).</summary>
    public static string? Prompt(InputRequestRecord request)
    {
        try
        {
            return request.Payload is { } payload && JsonNode.Parse(payload) is JsonObject json && json["prompt"] is JsonValue prompt ? prompt.GetValue<string>() : request.Payload;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return request.Payload;
        }
    }

    /// <summary>Checks a response against the request and returns it as stored JSON; a response of the wrong type is refused (<c>KWF138</c>).</summary>
    public static string ToStored(InputRequestRecord request, object? response)
    {
        response = ValueConverter.Normalize(response);
        if (RequestedType(request) is { } type && !ValueConverter.TryConvert(response, type, out _, out var problem))
        {
            throw Invalid(request, $"{ValueConverter.Describe(response)} does not fit: {problem}");
        }

        try
        {
            return RunStateValues.Write(response, request.NodeId, request.RequestId)?.ToJsonString() ?? "null";
        }
        catch (KailashException ex)
        {
            throw Invalid(request, ex.Message);
        }
    }

    /// <summary>Delivers a stored answer as the type the node asked for.</summary>
    public static T? Deliver<T>(InputRequestRecord request)
    {
        object? value;
        try
        {
            value = RunStateValues.Read(JsonNode.Parse(request.Response ?? "null"));
        }
        catch (JsonException ex)
        {
            throw Invalid(request, $"the stored response is not readable ({ex.Message})");
        }

        if (!ValueConverter.TryConvert(value, typeof(T), out var converted, out var problem))
        {
            throw Invalid(request, $"{ValueConverter.Describe(value)} cannot be read as {typeof(T).Name}: {problem}");
        }

        return (T?)converted;
    }

    public static KailashException TimedOut(InputRequestRecord request)
        => new(
            ErrorCodes.InputRequestTimedOut,
            $"Node '{request.NodeId}' waited for input '{request.Name ?? request.RequestId}' until {request.ExpiresAt?.ToString("u", CultureInfo.InvariantCulture) ?? "its deadline"}; no response came in time, so the node fails. Please answer requests before they expire, or ask with a longer timeout.",
            request.NodeId);

    private static KailashException Invalid(InputRequestRecord request, string why)
        => new(
            ErrorCodes.InputResponseInvalid,
            $"The response to input request '{request.RequestId}' of node '{request.NodeId}' was refused: {why}. The request asked for {Describe(RequestedType(request))}; please answer with such a value.",
            request.NodeId);

    private static string Describe(Type? type) => type switch
    {
        null => "a JSON value",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number",
        _ => "a string",
    };

    private static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(bool) ? "boolean"
            : type == typeof(string) ? "string"
            : type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) ? "integer"
            : ValueConverter.IsNumeric(type) ? "number"
            : "any";
    }
}
