using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Reads YAML text into a <see cref="SourceValue"/> tree with YamlDotNet's event parser, keeping the line and column
/// of every value. Plain scalars resolve by the YAML 1.2 core schema, quoted ones stay strings; anchors, aliases and
/// <c>&lt;&lt;</c> merge keys are expanded; tags such as <c>!!python/tuple</c> are read by the node's shape (a list).
/// </summary>
internal sealed class YamlSourceReader
{
    private const string MergeKey = "<<";
    private readonly Parser _parser;
    private readonly string _text;
    private readonly LoadDiagnostics _diagnostics;
    private readonly Dictionary<string, SourceValue> _anchors = new(StringComparer.Ordinal);
    private Mark _lastEnd = new(0, 1, 1);

    private YamlSourceReader(string yaml, LoadDiagnostics diagnostics)
    {
        _parser = new Parser(new StringReader(yaml));
        _text = yaml;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses <paramref name="yaml"/>; on a syntax error, reports KWF020 with its position and returns <see langword="null"/>.</summary>
    public static SourceValue? Read(string yaml, LoadDiagnostics diagnostics)
    {
        if (yaml.Length > LoadLimits.MaxChars)
        {
            diagnostics.Add(ErrorCodes.InputTooLarge, LoadLimits.TooLargeText(yaml.Length), null, new SourcePosition(1, 1));
            return null;
        }

        var reader = new YamlSourceReader(yaml, diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (LimitException ex)
        {
            diagnostics.Add(ErrorCodes.InputTooLarge, ex.Message, null, ex.Position);
        }
        catch (YamlException ex)
        {
            diagnostics.Add(ErrorCodes.MalformedFile, $"The file is not valid YAML: {ex.Message}", null, reader.ErrorPosition(ex));
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet's parser throws this (rather than a YamlException) for an empty verbatim tag such as "!<>".
            diagnostics.Add(ErrorCodes.MalformedFile, $"The file is not valid YAML: {ex.Message.Split(" (Parameter", 2)[0]} (an empty tag such as '!<>'?)", null, ToPosition(reader._lastEnd));
        }
        catch (EndOfStreamException)
        {
            diagnostics.Add(ErrorCodes.MalformedFile, "The file is not valid YAML: it ends in the middle of a value.", null, ToPosition(reader._lastEnd));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (rather than a YamlException) on some truncated input, such as an unclosed flow collection.
            diagnostics.Add(ErrorCodes.MalformedFile, "The file is not valid YAML: the structure is incomplete after this point (an unclosed bracket, brace or quote?).", null, ToPosition(reader._lastEnd));
        }

        return null;
    }

    private static SourcePosition ToPosition(Mark mark) => new(Math.Max(1, mark.Line), Math.Max(1, mark.Column));

    /// <summary>
    /// Where a syntax error really is. YamlDotNet marks some errors at the start of the construct it was scanning (a tab
    /// on line 5 reported where the scalar before it began) or not at all (line 1, column 1): for tab errors, the first
    /// tab from that mark on is the culprit; an unmarked error is placed after the last event read.
    /// </summary>
    private SourcePosition ErrorPosition(YamlException ex)
    {
        var mark = ex.Start.Line > 0 ? ex.Start : ex.End.Line > 0 ? ex.End : _lastEnd;
        if (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            var from = (int)Math.Clamp(mark.Line > 1 || mark.Column > 1 ? mark.Index : 0, 0, _text.Length);
            var tab = _text.IndexOf('\t', from);
            if (tab >= 0)
            {
                return PositionOf(tab);
            }
        }

        return ToPosition(mark);
    }

    private SourcePosition PositionOf(int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(line, index - lineStart + 1);
    }

    private T Consume<T>()
        where T : ParsingEvent
    {
        var current = _parser.Consume<T>();
        _lastEnd = current.End;
        return current;
    }

    private SourceValue? ReadStream()
    {
        Consume<StreamStart>();
        if (_parser.Accept<StreamEnd>(out var end))
        {
            _diagnostics.Add(ErrorCodes.MalformedFile, "The file is empty. A workflow file holds one YAML mapping with at least a 'nodes' field.", null, ToPosition(end.Start));
            return null;
        }

        Consume<DocumentStart>();
        var root = ReadNode(0);
        Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var next))
        {
            _diagnostics.Add(ErrorCodes.MalformedFile, "The file holds more than one YAML document ('---'). A workflow file holds exactly one.", null, ToPosition(next.Start));
            return null;
        }

        Consume<StreamEnd>();
        return root;
    }

    private SourceValue ReadNode(int depth)
    {
        var start = _parser.Current;
        if (depth > LoadLimits.MaxDepth && start is not null)
        {
            throw new LimitException($"The document is nested more than {LoadLimits.MaxDepth} levels deep.", ToPosition(start.Start));
        }

        switch (start)
        {
            case AnchorAlias alias:
                Consume<AnchorAlias>();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                _diagnostics.Add(ErrorCodes.MalformedFile, $"The alias '*{alias.Value.Value}' refers to no anchor defined before it.", null, ToPosition(alias.Start));
                return new SourceScalar(ToPosition(alias.Start), null);
            case Scalar scalar:
                Consume<Scalar>();
                return Anchor(scalar, new SourceScalar(ToPosition(scalar.Start), ResolveScalar(scalar)));
            case SequenceStart sequenceStart:
                Consume<SequenceStart>();
                var sequence = new SourceSequence(ToPosition(sequenceStart.Start));
                while (!_parser.Accept<SequenceEnd>(out _))
                {
                    sequence.Items.Add(ReadNode(depth + 1));
                }

                Consume<SequenceEnd>();
                return Anchor(sequenceStart, sequence);
            case MappingStart mappingStart:
                Consume<MappingStart>();
                return Anchor(mappingStart, ReadMapping(mappingStart, depth));
            default:
                // Let the parser report what it found instead of a node.
                Consume<NodeEvent>();
                return new SourceScalar(ToPosition(_lastEnd), null);
        }
    }

    private SourceMapping ReadMapping(MappingStart mappingStart, int depth)
    {
        var mapping = new SourceMapping(ToPosition(mappingStart.Start));
        var merges = new List<(int Index, SourceValue Value)>();
        while (!_parser.Accept<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current;
            if (keyEvent is Scalar { Style: ScalarStyle.Plain, Value: MergeKey } mergeKey && mergeKey.Tag.IsEmpty)
            {
                Consume<Scalar>();
                merges.Add((mapping.Entries.Count, ReadNode(depth + 1)));
                continue;
            }

            if (keyEvent is Scalar keyScalar)
            {
                Consume<Scalar>();
                var keyPosition = ToPosition(keyScalar.Start);
                var value = ReadNode(depth + 1);
                mapping.Entries.Add(new SourceEntry(keyScalar.Value, keyPosition, value));
                continue;
            }

            var badKey = ReadNode(depth + 1);
            _diagnostics.Add(ErrorCodes.InvalidField, $"A mapping key must be plain text, not {badKey.Shape}.", null, badKey.Position);
            ReadNode(depth + 1);
        }

        Consume<MappingEnd>();
        if (merges.Count > 0)
        {
            ApplyMerges(mapping, merges);
        }

        return mapping;
    }

    /// <summary>YAML merge keys: entries of the merged mappings are inserted where <c>&lt;&lt;</c> stood, unless the mapping defines the key itself.</summary>
    private void ApplyMerges(SourceMapping mapping, List<(int Index, SourceValue Value)> merges)
    {
        var seen = new HashSet<string>(mapping.Entries.Select(e => e.Key), StringComparer.Ordinal);
        var merged = new List<SourceEntry>();
        var next = 0;
        foreach (var (index, value) in merges)
        {
            merged.AddRange(mapping.Entries.Skip(next).Take(index - next));
            next = index;
            IEnumerable<SourceValue> sources = value is SourceSequence list ? list.Items : [value];
            foreach (var source in sources)
            {
                if (source is not SourceMapping sourceMapping)
                {
                    _diagnostics.Add(ErrorCodes.InvalidField, $"A '<<' merge key must name a mapping (or a list of mappings), not {source.Shape}.", null, source.Position);
                    continue;
                }

                merged.AddRange(sourceMapping.Entries.Where(e => seen.Add(e.Key)));
            }
        }

        merged.AddRange(mapping.Entries.Skip(next));
        mapping.Entries.Clear();
        mapping.Entries.AddRange(merged);
    }

    private SourceValue Anchor(NodeEvent nodeEvent, SourceValue value)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = value;
        }

        return value;
    }

    private object? ResolveScalar(Scalar scalar)
    {
        if (scalar.Tag.IsEmpty)
        {
            return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(scalar.Value) : scalar.Value;
        }

        if (scalar.Tag.IsNonSpecific)
        {
            return scalar.Value;
        }

        var tag = scalar.Tag.Value;
        var name = tag.StartsWith(YamlScalars.CoreTagPrefix, StringComparison.Ordinal) ? tag[YamlScalars.CoreTagPrefix.Length..] : tag;
        switch (name)
        {
            case "str" or "python/str" or "python/unicode" or "binary" or "timestamp":
                return scalar.Value;
            case "null" or "python/none":
                return null;
            case "bool" or "python/bool":
                return YamlScalars.ResolvePlain(scalar.Value) is bool flag ? flag : TagMismatch(scalar, "a boolean");
            case "int" or "python/int" or "python/long":
                return YamlScalars.TryParseInteger(scalar.Value, out var integer) ? integer : TagMismatch(scalar, "an integer");
            case "float" or "python/float":
                if (YamlScalars.TryParseFloat(scalar.Value, out var real))
                {
                    return real;
                }

                return YamlScalars.TryParseInteger(scalar.Value, out var whole) ? Convert.ToDouble(whole, System.Globalization.CultureInfo.InvariantCulture) : TagMismatch(scalar, "a float");
            default:
                // Unknown (for example Python-specific) tags: read the value by its shape and style.
                return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(scalar.Value) : scalar.Value;
        }
    }

    private object? TagMismatch(Scalar scalar, string expected)
    {
        _diagnostics.Add(ErrorCodes.InvalidField, $"'{scalar.Value}' is tagged {scalar.Tag.Value} but is not {expected}.", null, ToPosition(scalar.Start));
        return null;
    }
}
