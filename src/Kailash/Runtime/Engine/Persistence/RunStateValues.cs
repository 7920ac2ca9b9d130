using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kailash.Runtime.Engine.Persistence;

/// <summary>
/// How node output values are written into a run state and read back. JSON's own shapes are written as they are:
/// <see langword="null"/>, <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> (a bare integer), maps with
/// string keys (a JSON object, read back as <c>Dictionary&lt;string, object?&gt;</c>) and sequences (a JSON array, read
/// back as <c>List&lt;object?&gt;</c>). Other CLR scalars keep their type through a tagged object
/// <c>{"$type": name, "value": …}</c> with a stable name (<c>int32</c>, <c>double</c>, <c>decimal</c>, <c>datetime</c>,
/// <c>guid</c>, <c>bytes</c>, …, never an assembly-qualified name); a map that itself has a <c>$type</c> key is
/// tagged <c>map</c>. Anything else (records, classes, delegates) cannot be stored: writing fails with
/// <see cref="ErrorCodes.RunStateValueNotSerializable"/>, naming the node and port — never a silent drop.
/// </summary>
internal static class RunStateValues
{
    private const string TypeKey = "$type";
    private const string ValueKey = "value";
    private const int MaxDepth = 64;

    public static JsonNode? Write(object? value, string nodeId, string port) => Write(value, nodeId, port, 0);

    public static object? Read(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(Read(item));
                }

                return list;
            case JsonObject obj when obj.TryGetPropertyValue(TypeKey, out var tag) && tag is JsonValue:
                return ReadTagged(tag.GetValue<string>(), obj[ValueKey]);
            case JsonObject obj:
                return ReadMap(obj);
            default:
                return Internal.ValueConverter.FromJson(node.AsValue().GetValue<JsonElement>());
        }
    }

    private static Dictionary<string, object?> ReadMap(JsonObject obj)
    {
        var map = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
        foreach (var pair in obj)
        {
            map[pair.Key] = Read(pair.Value);
        }

        return map;
    }

    private static object? ReadTagged(string tag, JsonNode? value) => tag switch
    {
        "map" => ReadMap(value!.AsObject()),
        "int32" => value!.GetValue<int>(),
        "int16" => value!.GetValue<short>(),
        "byte" => value!.GetValue<byte>(),
        "uint64" => value!.GetValue<ulong>(),
        "double" => ReadDouble(value!),
        "single" => (float)ReadDouble(value!),
        "decimal" => decimal.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture),
        "datetime" => DateTime.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "datetimeoffset" => DateTimeOffset.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "timespan" => TimeSpan.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture),
        "guid" => Guid.Parse(value!.GetValue<string>()),
        "bytes" => Convert.FromBase64String(value!.GetValue<string>()),
        "char" => value!.GetValue<string>()[0],
        _ => throw new KailashException(ErrorCodes.RunStateInvalid, $"The run state holds a value tagged '{tag}', which this version cannot read. Please continue the run with the Kailash version that wrote it."),
    };

    private static double ReadDouble(JsonNode value)
        => value.GetValueKind() == JsonValueKind.String
            ? double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
            : value.GetValue<double>();

    private static JsonObject Tagged(string tag, JsonNode? value) => new() { [TypeKey] = tag, [ValueKey] = value };

    private static JsonNode? Write(object? value, string nodeId, string port, int depth)
    {
        if (depth > MaxDepth)
        {
            throw NotSerializable(nodeId, port, value, $"it is nested more than {MaxDepth} levels deep");
        }

        switch (value)
        {
            case null:
                return null;
            case string text:
                return JsonValue.Create(text);
            case bool flag:
                return JsonValue.Create(flag);
            case long integer:
                return JsonValue.Create(integer);
            case int integer:
                return Tagged("int32", integer);
            case short integer:
                return Tagged("int16", integer);
            case byte integer:
                return Tagged("byte", integer);
            case ulong integer:
                return Tagged("uint64", integer);
            case double number:
                // NaN and infinities are not JSON numbers: they travel as their invariant text.
                return Tagged("double", double.IsFinite(number) ? JsonValue.Create(number) : JsonValue.Create(number.ToString("R", CultureInfo.InvariantCulture)));
            case float number:
                return Tagged("single", double.IsFinite(number) ? JsonValue.Create((double)number) : JsonValue.Create(((double)number).ToString("R", CultureInfo.InvariantCulture)));
            case decimal number:
                return Tagged("decimal", number.ToString(CultureInfo.InvariantCulture));
            case DateTime time:
                return Tagged("datetime", time.ToString("O", CultureInfo.InvariantCulture));
            case DateTimeOffset time:
                return Tagged("datetimeoffset", time.ToString("O", CultureInfo.InvariantCulture));
            case TimeSpan span:
                return Tagged("timespan", span.ToString("c", CultureInfo.InvariantCulture));
            case Guid guid:
                return Tagged("guid", guid.ToString("D"));
            case char character:
                return Tagged("char", character.ToString());
            case byte[] bytes:
                return Tagged("bytes", Convert.ToBase64String(bytes));
            case JsonElement element:
                return Write(Internal.ValueConverter.FromJson(element), nodeId, port, depth);
            case JsonNode json:
                return Write(Internal.ValueConverter.FromJson(JsonSerializer.SerializeToElement(json, RunStateJsonContext.Default.JsonNode)), nodeId, port, depth);
            case IEnumerable<KeyValuePair<string, object?>> map:
                return WriteMap(map, nodeId, port, depth);
            case IDictionary dictionary:
                return WriteDictionary(dictionary, nodeId, port, depth);
            case IEnumerable sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(Write(item, nodeId, port, depth + 1));
                }

                return array;
            default:
                throw NotSerializable(nodeId, port, value, "it is not a JSON-like value");
        }
    }

    private static JsonObject WriteMap(IEnumerable<KeyValuePair<string, object?>> map, string nodeId, string port, int depth)
    {
        var obj = new JsonObject();
        foreach (var pair in map)
        {
            obj[pair.Key] = Write(pair.Value, nodeId, port, depth + 1);
        }

        return obj.ContainsKey(TypeKey) ? Tagged("map", obj) : obj;
    }

    private static JsonObject WriteDictionary(IDictionary dictionary, string nodeId, string port, int depth)
    {
        var obj = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw NotSerializable(nodeId, port, dictionary, $"a map key is {entry.Key.GetType().Name}, not a string");
            }

            obj[key] = Write(entry.Value, nodeId, port, depth + 1);
        }

        return obj.ContainsKey(TypeKey) ? Tagged("map", obj) : obj;
    }

    private static KailashException NotSerializable(string nodeId, string port, object? value, string why)
        => new(
            ErrorCodes.RunStateValueNotSerializable,
            $"Node '{nodeId}' output '{port}' holds a value of type {value?.GetType().FullName ?? "null"} that a run state cannot store: {why}. Please return JSON-like values (string, number, bool, list, map with string keys, date, guid) from nodes of a run that is checkpointed.",
            nodeId,
            port);
}
