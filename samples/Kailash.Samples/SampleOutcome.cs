using System.Globalization;
using System.Text;

namespace Kailash.Samples;

/// <summary>What a sample produced: named values that <see cref="Program"/> prints and the smoke tests check.</summary>
internal sealed class SampleOutcome
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public SampleOutcome(string sample) => Sample = sample;

    public string Sample { get; }

    public IReadOnlyDictionary<string, object?> Values => _values;

    public object? this[string key]
        => _values.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Sample '{Sample}' recorded no value '{key}'. Recorded: {string.Join(", ", _values.Keys)}.");

    public SampleOutcome Add(string key, object? value)
    {
        _values.Add(key, value);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder().Append(Sample).Append('\n');
        foreach (var pair in _values)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {pair.Key} = {Format(pair.Value)}\n");
        }

        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => text.Contains('\n', StringComparison.Ordinal) ? "\n    " + text.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal) : text,
        System.Collections.IEnumerable items when value is not string => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
