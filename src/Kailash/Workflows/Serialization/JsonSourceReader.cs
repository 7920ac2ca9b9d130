using System.Text;
using System.Text.Json;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Reads JSON text into a <see cref="SourceValue"/> tree with System.Text.Json's <see cref="Utf8JsonReader"/>,
/// keeping the line and column of every value and every duplicate key. Comments and trailing commas are accepted.
/// </summary>
internal static class JsonSourceReader
{
    private const int MaxDepth = 256;

    /// <summary>Parses <paramref name="json"/>; on a syntax error, reports KWF020 with its position and returns <see langword="null"/>.</summary>
    public static SourceValue? Read(string json, LoadDiagnostics diagnostics)
    {
        var bytes = Encoding.UTF8.GetBytes(json.Length > 0 && json[0] == '\uFEFF' ? json[1..] : json);
        var lines = new LineMap(bytes);
        if (json.AsSpan().Trim().IsEmpty)
        {
            diagnostics.Add(ErrorCodes.MalformedFile, "The file is empty. A workflow file holds one JSON object with at least a \"nodes\" field.", null, new SourcePosition(1, 1));
            return null;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
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
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var mapping = new SourceMapping(position);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keyPosition = lines.At(reader.TokenStartIndex);
                    var key = reader.GetString()!;
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
                return new SourceScalar(position, reader.GetString());
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

    /// <summary>System.Text.Json appends "LineNumber: n | BytePositionInLine: m." (0-based); the location says it better.</summary>
    private static string StripPosition(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }

    /// <summary>Turns UTF-8 byte offsets into 1-based lines and character columns.</summary>
    private sealed class LineMap
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];

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
            var index = _lineStarts.BinarySearch((int)Math.Min(offset, int.MaxValue));
            var line = index >= 0 ? index : ~index - 1;
            return new SourcePosition(line + 1, Column(_lineStarts[line], (int)offset));
        }

        public SourcePosition AtLineByte(long line, long bytePosition)
        {
            if (line < 0 || line >= _lineStarts.Count)
            {
                return new SourcePosition(line + 1, bytePosition + 1);
            }

            var start = _lineStarts[(int)line];
            return new SourcePosition(line + 1, Column(start, (int)Math.Min(start + bytePosition, _bytes.Length)));
        }

        /// <summary>Counts characters (UTF-8 lead bytes) between the line start and the offset.</summary>
        private long Column(int lineStart, int offset)
        {
            long column = 1;
            for (var i = lineStart; i < offset && i < _bytes.Length; i++)
            {
                if ((_bytes[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            return column;
        }
    }
}
