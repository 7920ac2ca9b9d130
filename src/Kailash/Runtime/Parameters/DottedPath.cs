using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Kailash.Internal;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Parameters;

/// <summary>Reads a dotted path (<c>payload.items.0.score</c>) out of a value: dictionaries, lists, JSON and plain objects.</summary>
internal static class DottedPath
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    public static object? Resolve(object? value, InputBinding binding, string targetNodeId)
    {
        var path = binding.Path!;
        for (var i = 0; i < path.Length; i++)
        {
            var segment = path[i];
            if (!TryStep(value, segment, out var next))
            {
                var walked = string.Join('.', path.Take(i).Prepend(binding.SourcePort));
                var available = AvailableKeys(value);
                throw new KailashException(
                    ErrorCodes.SourcePathNotFound,
                    $"Connection '{binding.Connection}': '{walked}' ({ValueConverter.Describe(value)}) has no '{segment}'.{(available is null ? string.Empty : Suggestions.DidYouMean(segment, available) + " Available: " + Suggestions.List(available) + ".")} Please fix the source path.",
                    targetNodeId,
                    binding.TargetInput);
            }

            value = next;
        }

        return value;
    }

    public static bool TryStep(object? value, string segment, out object? next)
    {
        next = null;
        switch (value)
        {
            case null:
                return false;
            case IReadOnlyDictionary<string, object?> map:
                return map.TryGetValue(segment, out next);
            case IDictionary dictionary:
                if (dictionary.Contains(segment))
                {
                    next = dictionary[segment];
                    return true;
                }

                return false;
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                if (element.TryGetProperty(segment, out var property))
                {
                    next = ValueConverter.FromJson(property);
                    return true;
                }

                return false;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < array.GetArrayLength())
                {
                    next = ValueConverter.FromJson(array[at]);
                    return true;
                }

                return false;
            case IList list:
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count)
                {
                    next = list[index];
                    return true;
                }

                return false;
            case string:
                return false;
            default:
                var info = Properties.GetOrAdd((value.GetType(), segment), static key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase));
                if (info is null || info.GetIndexParameters().Length > 0)
                {
                    return false;
                }

                next = info.GetValue(value);
                return true;
        }
    }

    private static IEnumerable<string>? AvailableKeys(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.Keys,
        IDictionary dictionary => dictionary.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty),
        JsonElement { ValueKind: JsonValueKind.Object } element => element.EnumerateObject().Select(p => p.Name).ToList(),
        null or string or IList => null,
        _ => value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name),
    };
}
