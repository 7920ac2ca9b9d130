using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>Fields of a mapping, optional scalars, and conversion of file values to plain CLR data within the expansion budgets.</summary>
internal sealed partial class WorkflowDocumentReader
{
    private FieldSet Fields(SourceMapping mapping, string path)
    {
        var fields = new FieldSet();
        foreach (var entry in mapping.Entries)
        {
            if (!fields.Add(entry))
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"The key '{entry.Key}' appears more than once. Please keep one.", LoadDiagnostics.Child(path, entry.Key), entry.KeyPosition);
            }
        }

        return fields;
    }

    private string? OptionalText(FieldSet fields, string key, string path, bool allowNumber, bool allowEmpty = false)
    {
        if (fields.Take(key) is not { } entry)
        {
            return null;
        }

        switch (entry.Value)
        {
            case SourceScalar { Value: null }:
                return null;
            case SourceScalar { Value: string text } when allowEmpty || !string.IsNullOrWhiteSpace(text):
                return text;
            case SourceScalar { Value: long number } when allowNumber:
                return number.ToString(CultureInfo.InvariantCulture);
            case SourceScalar { Value: double number } when allowNumber:
                return YamlScalars.FormatDouble(number);
            default:
                _diagnostics.Add(ErrorCodes.InvalidField, $"'{key}' must be {(allowEmpty ? string.Empty : "non-empty ")}text, not {entry.Value.Shape}.", LoadDiagnostics.Child(path, key), entry.Value.Position);
                return null;
        }
    }

    private Dictionary<string, object?>? OptionalMapping(FieldSet fields, string key, string path)
    {
        if (fields.Take(key) is not { } entry || entry.Value is SourceScalar { Value: null })
        {
            return null;
        }

        var childPath = LoadDiagnostics.Child(path, key);
        if (entry.Value is SourceMapping mapping)
        {
            return (Dictionary<string, object?>)ToClr(mapping, childPath)!;
        }

        _diagnostics.Add(ErrorCodes.InvalidField, $"'{key}' must be an object, not {entry.Value.Shape}.", childPath, entry.Value.Position);
        return null;
    }

    private Dictionary<string, object?> Remaining(FieldSet fields, string path)
    {
        var extras = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in fields.Remaining())
        {
            extras[entry.Key] = ToClr(entry.Value, LoadDiagnostics.Child(path, entry.Key));
        }

        return extras;
    }

    /// <summary>Converts to plain CLR data: <see cref="Dictionary{TKey, TValue}"/>, <see cref="List{T}"/>, long, double, string, bool, null.</summary>
    private object? ToClr(SourceValue value, string path)
    {
        if (--_valueBudget < 0 || (_charBudget -= TextLength(value)) < 0)
        {
            if (!_budgetReported)
            {
                _budgetReported = true;
                var what = _valueBudget < 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{LoadLimits.MaxValues:N0} values")
                    : string.Create(CultureInfo.InvariantCulture, $"{LoadLimits.MaxExpandedChars:N0} characters of text");
                _diagnostics.Add(ErrorCodes.InputTooLarge, $"The file expands to more than {what} (through YAML aliases?). Please repeat less or split the workflow.", path, value.Position);
            }

            return null;
        }

        switch (value)
        {
            case SourceMapping mapping:
                var map = new Dictionary<string, object?>(mapping.Entries.Count, StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    if (!map.TryAdd(entry.Key, ToClr(entry.Value, LoadDiagnostics.Child(path, entry.Key))))
                    {
                        _diagnostics.Add(ErrorCodes.InvalidField, $"The key '{entry.Key}' appears more than once. Please keep one.", LoadDiagnostics.Child(path, entry.Key), entry.KeyPosition);
                    }
                }

                return map;
            case SourceSequence sequence:
                var list = new List<object?>(sequence.Items.Count);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    list.Add(ToClr(sequence.Items[i], LoadDiagnostics.Index(path, i)));
                }

                return list;
            default:
                return ((SourceScalar)value).Value;
        }
    }

    /// <summary>The text a value adds when expanded: a string's length, or its keys' lengths for a mapping.</summary>
    private static long TextLength(SourceValue value) => value switch
    {
        SourceScalar { Value: string text } => text.Length,
        SourceMapping mapping => mapping.Entries.Sum(e => (long)e.Key.Length),
        _ => 0,
    };
}
