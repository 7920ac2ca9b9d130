using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kailash.Expressions;

/// <summary>Outcome of looking a key up in a dictionary-like value.</summary>
internal enum KeyLookup
{
    /// <summary>The value is not a string-keyed dictionary (or JSON object).</summary>
    NotADictionary,

    /// <summary>The key exists.</summary>
    Found,

    /// <summary>The value is a dictionary, but the key does not exist.</summary>
    Missing,
}

/// <summary>
/// Value semantics of the expression language: normalization of CLR and JSON values, equality,
/// formatting and access to list-like and dictionary-like containers.
/// </summary>
/// <remarks>
/// Inside an evaluation, numbers are <see cref="long"/> or <see cref="double"/>; JSON objects and arrays stay
/// <see cref="JsonElement"/> (read lazily) and are converted to plain CLR values only when they leave the evaluator.
/// The file is over 400 lines on purpose: normalization, equality, ordering and formatting must agree on every value
/// kind (long, double, string, list, map, JSON element), and keeping the cases side by side is how that is checked.
/// </remarks>
internal static class ExpressionValues
{
    private const int MaxNestingDepth = 64;
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>Returns a cached box for a bool.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The boxed value.</returns>
    public static object Box(bool value) => value ? BoxedTrue : BoxedFalse;

    /// <summary>
    /// Converts a value read from a scope, dictionary, list or property into the evaluator's representation:
    /// integral numbers to <see cref="long"/>, other numbers to <see cref="double"/>, chars and enums to strings,
    /// JSON scalars to CLR scalars. JSON objects and arrays are kept as <see cref="JsonElement"/>.
    /// </summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The normalized value.</returns>
    public static object? Normalize(object? value)
    {
        switch (value)
        {
            case null:
            case long:
            case double:
            case string:
            case bool:
                return value;
            case int i:
                return (long)i;
            case JsonElement element:
                return element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? value : Internal.ValueConverter.FromJsonScalar(element);
            case short s:
                return (long)s;
            case byte b:
                return (long)b;
            case sbyte sb:
                return (long)sb;
            case ushort us:
                return (long)us;
            case uint ui:
                return (long)ui;
            case ulong ul:
                return ul <= long.MaxValue ? (long)ul : (object)(double)ul;
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case char c:
                return c.ToString();
            case Enum e:
                return e.ToString();
            default:
                return value;
        }
    }

    /// <summary>Converts a value leaving the evaluator to plain CLR values (JSON objects and arrays deep-converted).</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns>The plain value.</returns>
    public static object? ToPlain(object? value) => value is JsonElement element ? Internal.ValueConverter.FromJson(element) : value;

    /// <summary>Whether the value is a number (<see cref="long"/> or <see cref="double"/>), and its value as a double.</summary>
    /// <param name="value">A normalized value.</param>
    /// <param name="number">The numeric value.</param>
    /// <returns><see langword="true"/> for numbers.</returns>
    public static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l:
                number = l;
                return true;
            case double d:
                number = d;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>Gets a short, user-facing name of a value's type.</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns>For example <c>integer</c>, <c>number</c>, <c>string</c>, <c>list</c>.</returns>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        long => "integer",
        double => "number",
        string => "string",
        bool => "bool",
        _ when IsList(value) => "list",
        _ when IsDictionary(value) => "dictionary",
        _ => value.GetType().Name,
    };

    /// <summary>Whether the value is list-like: <see cref="IList"/>, <see cref="IReadOnlyList{T}"/> of objects or a JSON array.</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns><see langword="true"/> for lists.</returns>
    public static bool IsList(object? value) =>
        value is IList or IReadOnlyList<object?> or JsonElement { ValueKind: JsonValueKind.Array };

    /// <summary>Whether the value is a string-keyed dictionary or a JSON object.</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns><see langword="true"/> for dictionaries.</returns>
    public static bool IsDictionary(object? value) =>
        value is IReadOnlyDictionary<string, object?> or IDictionary<string, object?> or IDictionary
            or JsonElement { ValueKind: JsonValueKind.Object };

    /// <summary>Gets the number of items of a list-like value.</summary>
    /// <param name="list">A value for which <see cref="IsList"/> is true.</param>
    /// <returns>The count.</returns>
    public static int GetListCount(object list) => list switch
    {
        IList l => l.Count,
        IReadOnlyList<object?> r => r.Count,
        JsonElement e => e.GetArrayLength(),
        _ => throw new InvalidOperationException("The value is not a list."),
    };

    /// <summary>Gets the item at <paramref name="index"/> of a list-like value, normalized.</summary>
    /// <param name="list">A value for which <see cref="IsList"/> is true.</param>
    /// <param name="index">A valid index.</param>
    /// <returns>The normalized item.</returns>
    public static object? GetListItem(object list, int index) => list switch
    {
        IList l => Normalize(l[index]),
        IReadOnlyList<object?> r => Normalize(r[index]),
        JsonElement e => Normalize(e[index]),
        _ => throw new InvalidOperationException("The value is not a list."),
    };

    /// <summary>Enumerates the normalized items of a list-like value.</summary>
    /// <param name="list">A value for which <see cref="IsList"/> is true.</param>
    /// <returns>An allocation-free enumerator.</returns>
    public static ListItems EnumerateList(object list) => new(list);

    /// <summary>Looks a key up in a dictionary-like value.</summary>
    /// <param name="target">A normalized value.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The normalized value when found.</param>
    /// <returns>Whether the target is a dictionary and whether it has the key.</returns>
    public static KeyLookup LookupKey(object target, string key, out object? value)
    {
        switch (target)
        {
            case IReadOnlyDictionary<string, object?> readOnly:
                if (readOnly.TryGetValue(key, out value))
                {
                    value = Normalize(value);
                    return KeyLookup.Found;
                }

                return KeyLookup.Missing;
            case IDictionary<string, object?> dictionary:
                if (dictionary.TryGetValue(key, out value))
                {
                    value = Normalize(value);
                    return KeyLookup.Found;
                }

                return KeyLookup.Missing;
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                if (element.TryGetProperty(key, out var property))
                {
                    value = Normalize(property);
                    return KeyLookup.Found;
                }

                value = null;
                return KeyLookup.Missing;
            case IDictionary nonGeneric:
                if (nonGeneric.Contains(key))
                {
                    value = Normalize(nonGeneric[key]);
                    return KeyLookup.Found;
                }

                value = null;
                return KeyLookup.Missing;
            default:
                value = null;
                return KeyLookup.NotADictionary;
        }
    }

    /// <summary>Gets the number of entries of a dictionary-like value.</summary>
    /// <param name="dictionary">A value for which <see cref="IsDictionary"/> is true.</param>
    /// <returns>The count.</returns>
    public static int GetDictionaryCount(object dictionary)
    {
        switch (dictionary)
        {
            case IReadOnlyDictionary<string, object?> readOnly:
                return readOnly.Count;
            case ICollection<KeyValuePair<string, object?>> collection:
                return collection.Count;
            case JsonElement element:
                var count = 0;
                foreach (var unused in element.EnumerateObject())
                {
                    count++;
                }

                return count;
            case ICollection nonGeneric:
                return nonGeneric.Count;
            default:
                throw new InvalidOperationException("The value is not a dictionary.");
        }
    }

    /// <summary>Lists the entries of a dictionary-like value (values normalized). Used off the hot path.</summary>
    /// <param name="dictionary">A value for which <see cref="IsDictionary"/> is true.</param>
    /// <returns>The entries in the dictionary's order.</returns>
    public static List<KeyValuePair<string, object?>> GetEntries(object dictionary)
    {
        var entries = new List<KeyValuePair<string, object?>>();
        switch (dictionary)
        {
            case IReadOnlyDictionary<string, object?> readOnly:
                foreach (var pair in readOnly)
                {
                    entries.Add(new(pair.Key, Normalize(pair.Value)));
                }

                break;
            case IDictionary<string, object?> generic:
                foreach (var pair in generic)
                {
                    entries.Add(new(pair.Key, Normalize(pair.Value)));
                }

                break;
            case JsonElement element:
                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new(property.Name, Normalize(property.Value)));
                }

                break;
            case IDictionary nonGeneric:
                foreach (DictionaryEntry entry in nonGeneric)
                {
                    entries.Add(new(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Normalize(entry.Value)));
                }

                break;
            default:
                throw new InvalidOperationException("The value is not a dictionary.");
        }

        return entries;
    }

    /// <summary>Lists the keys of a dictionary-like value. Used for error messages.</summary>
    /// <param name="dictionary">A value for which <see cref="IsDictionary"/> is true.</param>
    /// <returns>The keys in the dictionary's order.</returns>
    public static List<string> GetKeys(object dictionary)
    {
        var entries = GetEntries(dictionary);
        var keys = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            keys.Add(entry.Key);
        }

        return keys;
    }

    /// <summary>Joins at most ten names for an error message, e.g. <c>a, b, c</c> or <c>(none)</c>.</summary>
    /// <param name="names">The names.</param>
    /// <returns>The list text.</returns>
    public static string JoinNames(IEnumerable<string> names)
    {
        const int MaxNames = 10;
        var builder = new StringBuilder();
        var count = 0;
        foreach (var name in names)
        {
            if (count == MaxNames)
            {
                builder.Append(", ...");
                break;
            }

            if (count > 0)
            {
                builder.Append(", ");
            }

            builder.Append(name);
            count++;
        }

        return count == 0 ? "(none)" : builder.ToString();
    }

    /// <summary>
    /// Language equality: numbers compare numerically across integer and number, strings ordinally,
    /// lists and dictionaries deeply, everything else with <see cref="object.Equals(object?)"/>.
    /// </summary>
    /// <param name="left">A normalized value.</param>
    /// <param name="right">A normalized value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool AreEqual(object? left, object? right) => AreEqual(left, right, 0);

    /// <summary>Formats a value for string concatenation, using the invariant culture.</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns>The text: strings as-is, <c>null</c>, <c>true</c>/<c>false</c>, numbers invariant, lists as <c>[1, 'a']</c>.</returns>
    public static string Format(object? value)
    {
        if (value is string s)
        {
            return s;
        }

        var builder = new StringBuilder();
        AppendFormatted(builder, value, quoteStrings: false, depth: 0);
        return builder.ToString();
    }

    private static bool AreEqual(object? left, object? right, int depth)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is long a && right is long b)
        {
            return a == b;
        }

        if (TryGetNumber(left, out var x) && TryGetNumber(right, out var y))
        {
            return x == y;
        }

        if (left is string s)
        {
            return right is string t && string.Equals(s, t, StringComparison.Ordinal);
        }

        if (left is bool p)
        {
            return right is bool q && p == q;
        }

        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (depth >= MaxNestingDepth)
        {
            throw new InvalidOperationException("values are nested too deeply to compare");
        }

        if (IsList(left) && IsList(right))
        {
            var count = GetListCount(left);
            if (count != GetListCount(right))
            {
                return false;
            }

            var leftItems = EnumerateList(left);
            var rightItems = EnumerateList(right);
            while (leftItems.MoveNext(out var leftItem) && rightItems.MoveNext(out var rightItem))
            {
                if (!AreEqual(leftItem, rightItem, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        if (IsDictionary(left) && IsDictionary(right))
        {
            if (GetDictionaryCount(left) != GetDictionaryCount(right))
            {
                return false;
            }

            foreach (var entry in GetEntries(left))
            {
                if (LookupKey(right, entry.Key, out var other) != KeyLookup.Found || !AreEqual(entry.Value, other, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        return left.Equals(right);
    }

    private static void AppendFormatted(StringBuilder builder, object? value, bool quoteStrings, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string s:
                if (quoteStrings)
                {
                    builder.Append('\'').Append(s).Append('\'');
                }
                else
                {
                    builder.Append(s);
                }

                return;
            case bool b:
                builder.Append(b ? "true" : "false");
                return;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                builder.Append(d.ToString(CultureInfo.InvariantCulture));
                return;
        }

        if (depth >= MaxNestingDepth)
        {
            builder.Append("...");
            return;
        }

        if (IsList(value))
        {
            builder.Append('[');
            var items = EnumerateList(value);
            var first = true;
            while (items.MoveNext(out var item))
            {
                if (!first)
                {
                    builder.Append(", ");
                }

                first = false;
                AppendFormatted(builder, item, quoteStrings: true, depth + 1);
            }

            builder.Append(']');
            return;
        }

        if (IsDictionary(value))
        {
            builder.Append('{');
            var first = true;
            foreach (var entry in GetEntries(value))
            {
                if (!first)
                {
                    builder.Append(", ");
                }

                first = false;
                builder.Append(entry.Key).Append(": ");
                AppendFormatted(builder, entry.Value, quoteStrings: true, depth + 1);
            }

            builder.Append('}');
            return;
        }

        builder.Append(value is IFormattable formattable
            ? formattable.ToString(null, CultureInfo.InvariantCulture)
            : value.ToString());
    }

    /// <summary>Allocation-free enumerator over the normalized items of a list-like value.</summary>
    internal struct ListItems
    {
        private readonly IList? _list;
        private readonly IReadOnlyList<object?>? _readOnly;
        private readonly int _count;
        private JsonElement.ArrayEnumerator _json;
        private int _index;

        /// <summary>Initializes a new enumerator.</summary>
        /// <param name="list">A value for which <see cref="IsList"/> is true.</param>
        public ListItems(object list)
        {
            switch (list)
            {
                case IList l:
                    _list = l;
                    _count = l.Count;
                    break;
                case IReadOnlyList<object?> r:
                    _readOnly = r;
                    _count = r.Count;
                    break;
                case JsonElement e:
                    _json = e.EnumerateArray();
                    break;
                default:
                    throw new InvalidOperationException("The value is not a list.");
            }
        }

        /// <summary>Advances to the next item.</summary>
        /// <param name="item">The normalized item.</param>
        /// <returns><see langword="false"/> when there are no more items.</returns>
        public bool MoveNext(out object? item)
        {
            if (_list is not null || _readOnly is not null)
            {
                if (_index >= _count)
                {
                    item = null;
                    return false;
                }

                item = Normalize(_list is not null ? _list[_index] : _readOnly![_index]);
                _index++;
                return true;
            }

            if (_json.MoveNext())
            {
                item = Normalize(_json.Current);
                return true;
            }

            item = null;
            return false;
        }
    }
}
