using System.Text;
using System.Text.Json;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Reads JSON text into a <see cref="SourceValue"/> tree with System.Text.Json's <see cref="Utf8JsonReader"/>,
/// keeping the line and column of every value and every duplicate key. Comments and trailing commas are accepted.
/// </summary>
internal static class JsonSourceReader
{

    /// <summary>Parses <paramref name="json"/>; on a syntax error, reports KWF020 with its position and returns <see langword="null"/>.</summary>
    public static SourceValue? Read(string json, LoadDiagnostics diagnostics)
    {
        if (json.Length > LoadLimits.MaxChars)
        {
            diagnostics.Add(ErrorCodes.InputTooLarge, LoadLimits.TooLargeText(json.Length), null, new SourcePosition(1, 1));
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(json.Length > 0 && json[0] == '\uFEFF' ? json[1..] : json);
        var lines = new LineMap(bytes);
        if (json.AsSpan().Trim().IsEmpty)
        {
            diagnostics.Add(ErrorCodes.MalformedFile, "The file is empty. A workflow file holds one JSON object with at least a \"nodes\" field.", null, new SourcePosition(1, 1));
            return null;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = LoadLimits.MaxDepth + 1 });
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lines, diagnostics);
            if (reader.Read())
            {
                diagnostics.Add(ErrorCodes.MalformedFile, "Unexpected content after the end of the JSON document. A workflow file holds exactly one JSON object.", null, lines.At(reader.TokenStartIndex));
                return null;
            }

            return root;
        }
        catch (LimitException ex)
        {
            diagnostics.Add(ErrorCodes.InputTooLarge, ex.Message, null, ex.Position);
            return null;
        }
        catch (JsonException ex)
        {
            var position = ex.LineNumber is { } line && ex.BytePositionInLine is { } column
                ? lines.AtLineByte(line, column)
                : (SourcePosition?)null;
            diagnostics.Add(ErrorCodes.MalformedFile, $"The file is not valid JSON: {StripPosition(ex.Message)}", null, position);
            return null;
        }
    }

    private static SourceValue ReadValue(ref Utf8JsonReader reader, LineMap lines, LoadDiagnostics diagnostics)
    {
        var position = lines.At(reader.TokenStartIndex);
        if (reader.CurrentDepth >= LoadLimits.MaxDepth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            throw new LimitException($"The document is nested more than {LoadLimits.MaxDepth} levels deep.", position);
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var mapping = new SourceMapping(position);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keyPosition = lines.At(reader.TokenStartIndex);
                    var key = ReadString(ref reader, keyPosition, diagnostics);
                    reader.Read();
                    mapping.Entries.Add(new SourceEntry(key, keyPosition, ReadValue(ref reader, lines, diagnostics)));
                }

                return mapping;
            case JsonTokenType.StartArray:
                var sequence = new SourceSequence(position);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    sequence.Items.Add(ReadValue(ref reader, lines, diagnostics));
                }

                return sequence;
            case JsonTokenType.String:
                return new SourceScalar(position, ReadString(ref reader, position, diagnostics));
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    return new SourceScalar(position, integer);
                }

                if (reader.TryGetDouble(out var real) && double.IsFinite(real))
                {
                    return new SourceScalar(position, real);
                }

                diagnostics.Add(ErrorCodes.InvalidField, $"The number {Encoding.UTF8.GetString(reader.ValueSpan)} is out of range.", null, position);
                return new SourceScalar(position, null);
            case JsonTokenType.True:
                return new SourceScalar(position, true);
            case JsonTokenType.False:
                return new SourceScalar(position, false);
            default:
                return new SourceScalar(position, null);
        }
    }

    /// <summary>
    /// Reads a string token. An escaped lone UTF-16 surrogate (<c>"\ud800"</c>) cannot become a .NET string that is also valid
    /// text, so it is reported (KWF020) and the string is replaced by U+FFFD so that reading goes on and finds the rest.
    /// </summary>
    private static string ReadString(ref Utf8JsonReader reader, SourcePosition position, LoadDiagnostics diagnostics)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            diagnostics.Add(ErrorCodes.MalformedFile, "The string holds an escaped UTF-16 surrogate without its pair (such as \"\\ud800\"), which is not text. Please remove it or write the full pair.", null, position);
            return "\uFFFD";
        }
    }

    /// <summary>System.Text.Json appends "LineNumber: n | BytePositionInLine: m." (0-based); the location says it better.</summary>
    private static string StripPosition(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }

    /// <summary>
    /// Turns UTF-8 byte offsets into 1-based lines and character columns. The reader asks for offsets in increasing
    /// order, so a cursor carries the column forward: mapping every token of a file costs one pass over it, however
    /// long its lines (a minified file is one line).
    /// </summary>
    private sealed class LineMap
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];
        private int _line;
        private int _offset;
        private long _column = 1;

        public LineMap(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public SourcePosition At(long offset)
        {
            var target = (int)Math.Clamp(offset, 0, _bytes.Length);
            if (target < _offset)
            {
                // Backwards (only on an error path): restart from the start of the target's line.
                var index = _lineStarts.BinarySearch(target);
                _line = index >= 0 ? index : ~index - 1;
                _offset = _lineStarts[_line];
                _column = 1;
            }

            while (_line + 1 < _lineStarts.Count && _lineStarts[_line + 1] <= target)
            {
                _line++;
                _offset = _lineStarts[_line];
                _column = 1;
            }

            for (; _offset < target; _offset++)
            {
                if ((_bytes[_offset] & 0xC0) != 0x80)
                {
                    _column++;
                }
            }

            return new SourcePosition(_line + 1, _column);
        }

        public SourcePosition AtLineByte(long line, long bytePosition)
        {
            if (line < 0 || line >= _lineStarts.Count)
            {
                return new SourcePosition(line + 1, bytePosition + 1);
            }

            return At(_lineStarts[(int)line] + bytePosition);
        }
    }
}
