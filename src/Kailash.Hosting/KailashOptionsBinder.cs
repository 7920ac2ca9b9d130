using System.Globalization;
using System.Reflection;
using Kailash.Internal;
using Microsoft.Extensions.Configuration;

namespace Kailash.Hosting;

/// <summary>
/// Binds the <c>Kailash</c> configuration section onto <see cref="KailashOptions"/>, collecting every unknown key and
/// every value that does not convert (instead of stopping at the first, as the general configuration binder does), so
/// that validation on start reports all problems together.
/// </summary>
internal static class KailashOptionsBinder
{
    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(KailashOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static void Bind(IConfiguration section, KailashOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            var path = $"{KailashOptions.SectionName}:{child.Key}";
            if (!Properties.TryGetValue(child.Key, out var property))
            {
                options.BindingErrors.Add($"Unknown setting '{path}'.{Suggestions.DidYouMean(child.Key, Properties.Keys)} Known settings: {Suggestions.List([.. Properties.Keys.Order(StringComparer.Ordinal)])}.");
                continue;
            }

            if (child.Value is null)
            {
                if (child.GetChildren().Any())
                {
                    options.BindingErrors.Add($"Setting '{path}' takes a single value, not a section.");
                }

                continue;
            }

            if (TryConvert(child.Value, property.PropertyType, out var value, out var expected))
            {
                property.SetValue(options, value);
            }
            else
            {
                options.BindingErrors.Add($"Setting '{path}' is '{child.Value}', which is not {expected}.");
            }
        }
    }

    private static bool TryConvert(string text, Type type, out object? value, out string expected)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        if (target != type && text.Length == 0)
        {
            expected = "a value";
            return true;
        }

        if (target == typeof(string))
        {
            expected = "text";
            value = text;
            return true;
        }

        if (target == typeof(int))
        {
            expected = "a whole number";
            var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            value = number;
            return ok;
        }

        if (target == typeof(long))
        {
            expected = "a whole number";
            var ok = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            value = number;
            return ok;
        }

        if (target == typeof(bool))
        {
            expected = "true or false";
            var ok = bool.TryParse(text, out var flag);
            value = flag;
            return ok;
        }

        if (target == typeof(TimeSpan))
        {
            expected = "a duration such as 00:00:30";
            var ok = TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span);
            value = span;
            return ok;
        }

        if (target.IsEnum)
        {
            var names = Enum.GetNames(target);
            expected = $"one of {string.Join(", ", names)}";
            var name = names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            value = name is null ? null : Enum.Parse(target, name);
            return name is not null;
        }

        expected = $"a {target.Name}";
        return false;
    }
}
