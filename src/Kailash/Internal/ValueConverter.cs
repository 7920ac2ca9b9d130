using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Kailash.Internal;

/// <summary>Converts values between the plain data shapes workflows carry and declared parameter types.</summary>
internal static class ValueConverter
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>Turns a <see cref="JsonElement"/> (anywhere inside the value) into plain CLR values.</summary>
    public static object? Normalize(object? value) => value switch
    {
        JsonElement element => FromJson(element),
        JsonDocument document => FromJson(document.RootElement),
        _ => value,
    };

    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = FromJson(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item));
                }

                return list;
            default:
                return FromJsonScalar(element);
        }
    }

    /// <summary>Converts a JSON scalar: integers that fit become <see cref="long"/>, other numbers <see cref="double"/>; objects and arrays become <see langword="null"/> (use <see cref="FromJson"/>).</summary>
    public static object? FromJsonScalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : (object)element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => BoxedTrue,
        JsonValueKind.False => BoxedFalse,
        _ => null,
    };

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string => "a string",
        _ => $"a value of type {value.GetType().Name}",
    };

    public static bool IsCompatible(object? value, Type target)
    {
        if (target == typeof(object))
        {
            return true;
        }

        if (value is null)
        {
            return !target.IsValueType || Nullable.GetUnderlyingType(target) is not null;
        }

        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        return underlying.IsInstanceOfType(value) || (IsNumeric(underlying) && IsNumeric(value.GetType()) && TryConvert(value, target, out _, out _));
    }

    public static bool IsNumeric(Type type)
        => type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) ||
           type == typeof(decimal) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong);

    public static bool TryConvert(object? value, Type target, out object? result, out string? problem)
    {
        problem = null;
        result = null;
        value = Normalize(value);
        if (target == typeof(object))
        {
            result = value;
            return true;
        }

        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            if (!target.IsValueType || underlying is not null)
            {
                return true;
            }

            problem = $"null is not allowed for {target.Name}.";
            return false;
        }

        target = underlying ?? target;
        if (target.IsInstanceOfType(value))
        {
            result = value;
            return true;
        }

        try
        {
            if (target == typeof(JsonElement))
            {
                result = JsonSerializer.SerializeToElement(value);
                return true;
            }

            if (target == typeof(string))
            {
                problem = "a string was expected.";
                return false;
            }

            if (target == typeof(bool))
            {
                if (value is string text && bool.TryParse(text, out var flag))
                {
                    result = flag;
                    return true;
                }

                problem = "expected true or false.";
                return false;
            }

            if (target.IsEnum)
            {
                if (value is string name && Enum.TryParse(target, name, ignoreCase: true, out var parsed) && Enum.IsDefined(target, parsed!))
                {
                    result = parsed;
                    return true;
                }

                if (IsNumeric(value.GetType()))
                {
                    var number = System.Convert.ChangeType(value, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture);
                    if (Enum.IsDefined(target, number))
                    {
                        result = Enum.ToObject(target, number);
                        return true;
                    }
                }

                problem = $"expected one of {Suggestions.List(Enum.GetNames(target))}.";
                return false;
            }

            if (IsNumeric(target))
            {
                return TryConvertNumber(value, target, out result, out problem);
            }

            if (typeof(IDictionary).IsAssignableFrom(target) || IsGenericDictionary(target))
            {
                if (value is IDictionary source && target.IsAssignableFrom(typeof(Dictionary<string, object?>)))
                {
                    var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in source)
                    {
                        copy[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = entry.Value;
                    }

                    result = copy;
                    return true;
                }

                problem = "a dictionary (JSON object) was expected.";
                return false;
            }

            if (value is IEnumerable items && value is not string)
            {
                return TryConvertList(items, target, out result, out problem);
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException or NotSupportedException)
        {
            problem = ex.Message;
            return false;
        }

        problem = $"{Describe(value)} cannot be converted to {target.Name}.";
        return false;
    }

    private static bool IsGenericDictionary(Type target)
        => target.IsGenericType && (target.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || target.GetGenericTypeDefinition() == typeof(IDictionary<,>) || target.GetGenericTypeDefinition() == typeof(Dictionary<,>));

    private static bool TryConvertNumber(object value, Type target, out object? result, out string? problem)
    {
        result = null;
        problem = null;
        object source = value;
        if (value is string text)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
            {
                source = whole;
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                source = real;
            }
            else
            {
                problem = $"'{text}' is not a number.";
                return false;
            }
        }
        else if (!IsNumeric(value.GetType()))
        {
            problem = $"{Describe(value)} is not a number.";
            return false;
        }

        var isIntegralTarget = target != typeof(double) && target != typeof(float) && target != typeof(decimal);
        if (isIntegralTarget && source is double d && Math.Abs(d % 1) > double.Epsilon * 100)
        {
            problem = $"{d.ToString(CultureInfo.InvariantCulture)} is not a whole number.";
            return false;
        }

        result = System.Convert.ChangeType(source, target, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryConvertList(IEnumerable items, Type target, out object? result, out string? problem)
    {
        result = null;
        problem = null;
        Type? element = target.IsArray ? target.GetElementType() : target.IsGenericType ? target.GetGenericArguments()[0] : typeof(object);
        if (element is null)
        {
            problem = $"cannot build {target.Name}.";
            return false;
        }

        var listType = typeof(List<>).MakeGenericType(element);
        var list = (IList)Activator.CreateInstance(listType)!;
        var index = 0;
        foreach (var item in items)
        {
            if (!TryConvert(item, element, out var converted, out var itemProblem))
            {
                problem = $"item {index}: {itemProblem}";
                return false;
            }

            list.Add(converted);
            index++;
        }

        if (target.IsArray)
        {
            var array = Array.CreateInstance(element, list.Count);
            list.CopyTo(array, 0);
            result = array;
            return true;
        }

        if (target.IsAssignableFrom(listType))
        {
            result = list;
            return true;
        }

        problem = $"cannot build {target.Name} from a list.";
        return false;
    }
}
