using System.Collections;
using System.Text.Json;
using Kailash.Internal;

namespace Kailash.Runtime.Validation;

/// <summary>
/// Decides at build time whether a declared output type can feed a declared input type. The rule mirrors the
/// run-time conversion: types are incompatible (<c>KWF009</c>) only when no value of the source type could ever be
/// converted to the target type, so a build never rejects a connection that could work.
/// </summary>
internal static class TypeCompatibility
{
    public static bool AreCompatible(Type source, Type target)
    {
        source = Nullable.GetUnderlyingType(source) ?? source;
        target = Nullable.GetUnderlyingType(target) ?? target;
        if (source == typeof(object) || target == typeof(object) || target.IsAssignableFrom(source) || source.IsAssignableFrom(target))
        {
            return true;
        }

        if (source == typeof(JsonElement) || source == typeof(JsonDocument) || target == typeof(JsonElement))
        {
            return true;
        }

        if (target == typeof(string))
        {
            return false;
        }

        if (target == typeof(bool))
        {
            return source == typeof(string);
        }

        if (target.IsEnum || ValueConverter.IsNumeric(target))
        {
            return source == typeof(string) || source.IsEnum || ValueConverter.IsNumeric(source);
        }

        if (IsDictionary(target))
        {
            return IsDictionary(source);
        }

        if (typeof(IEnumerable).IsAssignableFrom(target))
        {
            return source != typeof(string) && typeof(IEnumerable).IsAssignableFrom(source);
        }

        // Other targets (records, classes) convert only from an instance of themselves, which the assignability test covered,
        // unless the source is an interface or non-sealed class a run-time value might also implement.
        return source.IsInterface || (!source.IsSealed && target.IsInterface);
    }

    private static bool IsDictionary(Type type)
    {
        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return true;
        }

        foreach (var candidate in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
        {
            if (candidate.IsGenericType && (candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            {
                return true;
            }
        }

        return false;
    }
}
