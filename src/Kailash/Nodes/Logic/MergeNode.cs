using System.Collections;
using System.Globalization;
using Kailash.Expressions;
using Kailash.Internal;

namespace Kailash.Nodes.Logic;

/// <summary>
/// Merges any number of inputs <c>data1</c>, <c>data2</c>, … (in numeric order) into <c>merged_data</c>:
/// <c>concat</c> (lists concatenated, otherwise a list of the inputs), <c>zip</c> (rows of the i-th items, as long as the
/// shortest input) or <c>merge_dict</c> (dictionaries merged, later inputs win; lists of dictionaries joined on <c>key</c>).
/// </summary>
/// <remarks>
/// Inputs from branches that were not taken are simply absent, so a merge after a switch runs with the branch that was
/// taken; it is skipped only when none of its inputs is live. With <c>skip_none</c> (the default) <see langword="null"/>
/// inputs are ignored. No input is required. When a single input is left it is passed through unchanged; when none is
/// left <c>merged_data</c> is <see langword="null"/>. An unknown <c>merge_type</c> is a build error (<c>KWF011</c>).
/// </remarks>
public sealed class MergeNode : Node
{
    /// <summary>The output port.</summary>
    public const string MergedDataOutput = "merged_data";

    /// <summary>The config key selecting the merge.</summary>
    public const string MergeTypeInput = "merge_type";

    /// <summary>The config key naming the join key of <c>merge_dict</c> on lists of dictionaries.</summary>
    public const string KeyInput = "key";

    /// <summary>The config key that makes <see langword="null"/> inputs count as absent.</summary>
    public const string SkipNoneInput = "skip_none";

    /// <summary>The prefix of the data inputs (<c>data1</c>, <c>data2</c>, …).</summary>
    public const string DataPrefix = "data";

    private static readonly IReadOnlyList<string> MergeTypes = ["concat", "zip", "merge_dict"];

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new NodeParameter("data1", typeof(object)) { Description = "The first value to merge (any dataN input is accepted)." },
        new NodeParameter("data2", typeof(object)) { Description = "The second value to merge." },
        new NodeParameter("data3", typeof(object)) { Description = "The third value to merge." },
        new NodeParameter("data4", typeof(object)) { Description = "The fourth value to merge." },
        new NodeParameter("data5", typeof(object)) { Description = "The fifth value to merge." },
        new NodeParameter(MergeTypeInput, typeof(string)) { Default = "concat", HasDefault = true, Description = "concat, zip or merge_dict." },
        new NodeParameter(KeyInput, typeof(string)) { Description = "merge_dict on lists of dictionaries: the key rows are joined on." },
        new NodeParameter(SkipNoneInput, typeof(bool)) { Default = true, HasDefault = true, Description = "Whether null inputs are ignored." },
    ];

    private static readonly IReadOnlyList<string> Outputs = [MergedDataOutput];

    /// <inheritdoc />
    /// <remarks>Every <c>dataN</c> input is accepted, not only the five declared ones.</remarks>
    public override bool AcceptsUndeclaredInputs => true;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => Outputs;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var mergeType = inputs.TryGetValue(MergeTypeInput, out var type) && type is not null ? type as string : "concat";
        if (mergeType is not ("concat" or "zip" or "merge_dict"))
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Merge '{context.NodeId}': {UnknownMergeTypeMessage(type)}", context.NodeId, MergeTypeInput);
        }

        var skipNone = !inputs.TryGetValue(SkipNoneInput, out var skip) || skip is not bool flag || flag;
        var values = CollectData(inputs, skipNone, context.NodeId);
        object? merged = values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => mergeType switch
            {
                "concat" => Concat(values),
                "zip" => Zip(values),
                _ => MergeDictionaries(values, inputs.TryGetValue(KeyInput, out var key) ? key as string : null, context.NodeId),
            },
        };

        return new Dictionary<string, object?>(1, StringComparer.Ordinal) { [MergedDataOutput] = merged };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetValue(MergeTypeInput, out var type) && type is not null && type is not ("concat" or "zip" or "merge_dict"))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, UnknownMergeTypeMessage(type), MergeTypeInput);
        }

        if (config.TryGetValue(SkipNoneInput, out var skip) && skip is not null and not bool)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"'{SkipNoneInput}' must be true or false, not {ValueConverter.Describe(skip)}.", SkipNoneInput);
        }

        foreach (var key in config.Keys)
        {
            if (!IsKnownInput(key))
            {
                throw new NodeConfigurationException(ErrorCodes.UndeclaredInput, UnknownInputMessage(key), key);
            }
        }
    }

    private static string UnknownMergeTypeMessage(object? type)
        => $"{(type is string text ? $"Unknown merge type '{text}'" : $"The merge type must be a name, not {ValueConverter.Describe(type)}")}.{(type is string s ? Suggestions.DidYouMean(s, MergeTypes) : string.Empty)} Merge types: {Suggestions.List(MergeTypes)}.";

    private static string UnknownInputMessage(string key)
        => $"MergeNode has no input '{key}'. Its inputs are data1, data2, … (any number), {MergeTypeInput}, {KeyInput} and {SkipNoneInput}.";

    private static bool IsKnownInput(string key) => DataIndex(key) > 0 || key is MergeTypeInput or KeyInput or SkipNoneInput;

    /// <summary>Gets N for an input named <c>dataN</c> (N ≥ 1), else 0.</summary>
    private static int DataIndex(string key)
        => key.Length > DataPrefix.Length && key.StartsWith(DataPrefix, StringComparison.Ordinal)
           && int.TryParse(key.AsSpan(DataPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0
            ? index
            : 0;

    private static List<object?> CollectData(NodeInputs inputs, bool skipNone, string nodeId)
    {
        var indexed = new List<(int Index, string Name, object? Value)>(inputs.Count);
        foreach (var pair in inputs)
        {
            var index = DataIndex(pair.Key);
            if (index > 0)
            {
                if (!skipNone || pair.Value is not null)
                {
                    indexed.Add((index, pair.Key, ValueConverter.Normalize(pair.Value)));
                }
            }
            else if (!IsKnownInput(pair.Key))
            {
                throw new KailashException(ErrorCodes.UndeclaredInput, $"Merge '{nodeId}': {UnknownInputMessage(pair.Key)} Please connect to a dataN input.", nodeId, pair.Key);
            }
        }

        indexed.Sort(static (a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.Name, b.Name));
        var values = new List<object?>(indexed.Count);
        foreach (var item in indexed)
        {
            values.Add(item.Value);
        }

        return values;
    }

    private static bool IsList(object? value) => value is IEnumerable and not string and not IDictionary and not IReadOnlyDictionary<string, object?>;

    private static bool IsDictionary(object? value) => value is IReadOnlyDictionary<string, object?> or IDictionary;

    private static List<object?> Concat(List<object?> values)
    {
        var result = new List<object?>();
        foreach (var value in values)
        {
            if (!IsList(value))
            {
                return [.. values];
            }
        }

        foreach (var value in values)
        {
            foreach (var item in (IEnumerable)value!)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static List<object?> Zip(List<object?> values)
    {
        var columns = new List<List<object?>>(values.Count);
        var rows = int.MaxValue;
        foreach (var value in values)
        {
            var column = new List<object?>();
            if (IsList(value))
            {
                foreach (var item in (IEnumerable)value!)
                {
                    column.Add(item);
                }
            }
            else
            {
                column.Add(value);
            }

            columns.Add(column);
            rows = Math.Min(rows, column.Count);
        }

        var result = new List<object?>(rows);
        for (var r = 0; r < rows; r++)
        {
            var row = new List<object?>(columns.Count);
            foreach (var column in columns)
            {
                row.Add(column[r]);
            }

            result.Add(row);
        }

        return result;
    }

    private static object MergeDictionaries(List<object?> values, string? key, string nodeId)
    {
        var allDictionaries = true;
        var allLists = true;
        foreach (var value in values)
        {
            allDictionaries &= IsDictionary(value);
            allLists &= IsList(value);
        }

        if (allDictionaries)
        {
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                CopyInto(merged, value!);
            }

            return merged;
        }

        if (allLists && !string.IsNullOrEmpty(key))
        {
            return JoinRows(values, key, nodeId);
        }

        throw new KailashException(
            ErrorCodes.NodeFailed,
            $"Merge '{nodeId}': merge_dict needs dictionaries, or lists of dictionaries with '{KeyInput}' set; it got {Describe(values)}. Please change the inputs or use concat.",
            nodeId,
            MergeTypeInput);
    }

    private static List<object?> JoinRows(List<object?> lists, string key, string nodeId)
    {
        var rows = new List<object?>();
        var byKey = new Dictionary<object, Dictionary<string, object?>>();
        foreach (var list in lists)
        {
            foreach (var item in (IEnumerable)list!)
            {
                if (!IsDictionary(item))
                {
                    throw new KailashException(
                        ErrorCodes.NodeFailed,
                        $"Merge '{nodeId}': merge_dict on lists joins dictionaries, but a row is {ValueConverter.Describe(item)}. Please pass lists of dictionaries.",
                        nodeId,
                        MergeTypeInput);
                }

                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                CopyInto(row, item!);
                var joinValue = row.TryGetValue(key, out var k) ? ExpressionValues.Normalize(k) : null;
                if (joinValue is not null && byKey.TryGetValue(joinValue, out var existing))
                {
                    foreach (var pair in row)
                    {
                        existing[pair.Key] = pair.Value;
                    }

                    continue;
                }

                if (joinValue is not null)
                {
                    byKey[joinValue] = row;
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    private static void CopyInto(Dictionary<string, object?> target, object dictionary)
    {
        if (dictionary is IReadOnlyDictionary<string, object?> map)
        {
            foreach (var pair in map)
            {
                target[pair.Key] = pair.Value;
            }

            return;
        }

        foreach (DictionaryEntry entry in (IDictionary)dictionary)
        {
            target[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
        }
    }

    private static string Describe(List<object?> values)
    {
        var kinds = new List<string>(values.Count);
        foreach (var value in values)
        {
            kinds.Add(IsDictionary(value) ? "a dictionary" : IsList(value) ? "a list" : ValueConverter.Describe(value));
        }

        return string.Join(", ", kinds);
    }
}
