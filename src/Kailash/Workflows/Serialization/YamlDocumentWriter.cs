using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Writes a plain document tree as block-style YAML with YamlDotNet's emitter. Strings that would read back as
/// something else (<c>'true'</c>, <c>'42'</c>, <c>''</c>) are quoted; multi-line strings use literal blocks where
/// YAML allows it; empty collections are written <c>{}</c> and <c>[]</c>.
/// </summary>
internal static class YamlDocumentWriter
{
    public static string Write(Dictionary<string, object?> document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, EmitterSettings.Default.WithBestIndent(2).WithBestWidth(int.MaxValue).WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        WriteValue(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteValue(Emitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(Plain("null"));
                break;
            case string text:
                emitter.Emit(Text(text, isKey: false));
                break;
            case bool flag:
                emitter.Emit(Plain(flag ? "true" : "false"));
                break;
            case long number:
                emitter.Emit(Plain(number.ToString(CultureInfo.InvariantCulture)));
                break;
            case double number:
                emitter.Emit(Plain(YamlScalars.FormatDouble(number)));
                break;
            case Dictionary<string, object?> map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var pair in map)
                {
                    emitter.Emit(Text(pair.Key, isKey: true));
                    WriteValue(emitter, pair.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case List<object?> list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                {
                    WriteValue(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new InvalidOperationException($"Unexpected value of type {value.GetType().Name} in a workflow document.");
        }
    }

    private static Scalar Plain(string text) => new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar Text(string text, bool isKey)
    {
        ScalarStyle style;
        if (text.Any(c => (char.IsControl(c) && c is not '\n' and not '\t') || c is '\uFEFF' or '\u2028' or '\u2029' or '\u0085'))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = isKey ? ScalarStyle.DoubleQuoted : ScalarStyle.Literal;
        }
        else if (YamlScalars.NeedsQuotes(text))
        {
            style = ScalarStyle.SingleQuoted;
        }
        else
        {
            style = ScalarStyle.Any;
        }

        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: true, isQuotedImplicit: true);
    }
}
