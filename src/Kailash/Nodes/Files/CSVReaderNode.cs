using System.Collections;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Kailash.Nodes.Files;

/// <summary>
/// Reads a CSV file (Kailash <c>CSVReaderNode</c>) → <c>data</c>: with <c>headers</c> (default) a list of rows keyed by
/// column name, otherwise a list of lists. Cells are strings, as in Kailash, unless the config asks for types
/// (<c>infer_types</c>, or <c>column_types</c> per column). <c>index_column</c> adds <c>data_indexed</c>: the rows keyed by that column.
/// </summary>
/// <remarks>
/// The file is parsed as a stream (CsvHelper, RFC 4180 quoting), never read whole. With <c>streaming: true</c>, <c>data</c> is a
/// lazy sequence that reads the file each time it is enumerated, so a reader → writer pipeline over a file larger than memory
/// keeps memory flat (nodes that need a list materialize it themselves). A row whose field count differs from the header fails
/// with <c>KWF106</c> and its line number.
/// </remarks>
public sealed class CSVReaderNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        FileNodeSupport.FilePath("The CSV file to read."),
        new("headers", typeof(bool)) { Default = true, HasDefault = true, Description = "The first row names the columns (rows become maps); false gives lists." },
        new("delimiter", typeof(string)) { Default = ",", HasDefault = true, Description = "The field delimiter." },
        FileNodeSupport.Encoding(),
        new("index_column", typeof(string)) { Default = null, HasDefault = true, Description = "A column whose values key the rows in data_indexed." },
        new("infer_types", typeof(bool)) { Default = false, HasDefault = true, Description = "Turn cells that look like integers, numbers or booleans into them." },
        new("column_types", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "Column name to type (string, int, float, bool); a cell that does not convert fails with KWF106." },
        new("streaming", typeof(bool)) { Default = false, HasDefault = true, Description = "Give data as a lazy sequence that reads the file when enumerated (for files larger than memory)." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["data", "data_indexed"];

    /// <summary>Initializes a new instance of the <see cref="CSVReaderNode"/> class.</summary>
    public CSVReaderNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        var settings = new CsvSettings(
            path,
            full,
            inputs.GetOrDefault("headers", true),
            inputs.GetOrDefault("delimiter", ","),
            FileNodeSupport.GetEncoding(context, inputs.GetOrDefault<string?>("encoding", null)),
            inputs.GetOrDefault("infer_types", false),
            ColumnTypes(inputs, context),
            context);
        if (settings.Delimiter.Length == 0)
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': 'delimiter' must not be empty.", context.NodeId, "delimiter");
        }

        var indexColumn = inputs.GetOrDefault<string?>("index_column", null);
        if (inputs.GetOrDefault("streaming", false))
        {
            return new Dictionary<string, object?>(1) { ["data"] = new CsvRows(settings) };
        }

        var rows = new List<object?>();
        foreach (var row in new CsvRows(settings))
        {
            rows.Add(row);
        }

        var outputs = new Dictionary<string, object?>(2) { ["data"] = rows };
        if (indexColumn is not null)
        {
            outputs["data_indexed"] = Index(rows, indexColumn, context);
        }

        return outputs;
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        FileNodeSupport.CheckConfigPath(BuildPermissions, config, FileNodeSupport.FilePathKey);
        if (config.TryGetValue("column_types", out var types) && types is IReadOnlyDictionary<string, object?> map)
        {
            foreach (var (column, type) in map)
            {
                if (type is not string name || !CsvValues.TypeNames.Contains(name))
                {
                    throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"column_types['{column}'] is '{type}'; it must be one of {string.Join(", ", CsvValues.TypeNames)}.", "column_types");
                }
            }
        }
    }

    private static Dictionary<string, object?> Index(List<object?> rows, string column, NodeContext context)
    {
        var indexed = new Dictionary<string, object?>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(column, out var key))
            {
                throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': index_column '{column}' is not a column of the file (it needs headers: true).", context.NodeId, "index_column");
            }

            indexed[Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty] = row;
        }

        return indexed;
    }

    private static Dictionary<string, string>? ColumnTypes(NodeInputs inputs, NodeContext context)
    {
        if (inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("column_types", null) is not { } map)
        {
            return null;
        }

        var types = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (column, type) in map)
        {
            types[column] = type is string name && CsvValues.TypeNames.Contains(name)
                ? name
                : throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': column_types['{column}'] must be one of {string.Join(", ", CsvValues.TypeNames)}.", context.NodeId, "column_types");
        }

        return types;
    }

    private sealed record CsvSettings(string Path, string FullPath, bool Headers, string Delimiter, System.Text.Encoding Encoding, bool InferTypes, IReadOnlyDictionary<string, string>? ColumnTypes, NodeContext Context);

    /// <summary>The rows of a CSV file, read from disk on each enumeration.</summary>
    private sealed class CsvRows : IEnumerable<object?>
    {
        private readonly CsvSettings _settings;

        public CsvRows(CsvSettings settings) => _settings = settings;

        public IEnumerator<object?> GetEnumerator()
        {
            var s = _settings;
            StreamReader reader;
            try
            {
                reader = new StreamReader(s.FullPath, s.Encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
            }
            catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
            {
                throw FileNodeSupport.AccessFailed(s.Context, s.Path, "read", ex);
            }

            using (reader)
            {
                using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = s.Delimiter, HasHeaderRecord = s.Headers, DetectColumnCountChanges = false, BadDataFound = null });
                string[]? header = null;
                while (Read(parser))
                {
                    var record = parser.Record ?? [];
                    if (s.Headers && header is null)
                    {
                        header = record;
                        continue;
                    }

                    yield return header is null ? ListRow(record) : MapRow(header, record, parser.RawRow);
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private bool Read(CsvParser parser)
        {
            try
            {
                _settings.Context.CancellationToken.ThrowIfCancellationRequested();
                return parser.Read();
            }
            catch (CsvHelperException ex)
            {
                throw new KailashException(ErrorCodes.InvalidFileContent, $"Node '{_settings.Context.NodeId}': '{_settings.Path}' is not valid CSV near line {parser.RawRow}: {ex.Message.Split('\n')[0]}", _settings.Context.NodeId, FileNodeSupport.FilePathKey, ex);
            }
            catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
            {
                throw FileNodeSupport.AccessFailed(_settings.Context, _settings.Path, "read", ex);
            }
        }

        private List<object?> ListRow(string[] record)
        {
            var row = new List<object?>(record.Length);
            foreach (var cell in record)
            {
                row.Add(_settings.InferTypes ? CsvValues.Infer(cell) : cell);
            }

            return row;
        }

        private Dictionary<string, object?> MapRow(string[] header, string[] record, long line)
        {
            if (record.Length != header.Length)
            {
                throw new KailashException(ErrorCodes.InvalidFileContent, $"Node '{_settings.Context.NodeId}': line {line} of '{_settings.Path}' has {record.Length} fields but the header has {header.Length}. Please fix the row (quote fields that contain the delimiter).", _settings.Context.NodeId, FileNodeSupport.FilePathKey);
            }

            var row = new Dictionary<string, object?>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = Cell(header[i], record[i], line);
            }

            return row;
        }

        private object? Cell(string column, string cell, long line)
        {
            if (_settings.ColumnTypes is { } types && types.TryGetValue(column, out var type))
            {
                return CsvValues.TryConvert(cell, type, out var value)
                    ? value
                    : throw new KailashException(ErrorCodes.InvalidFileContent, $"Node '{_settings.Context.NodeId}': line {line}, column '{column}': '{cell}' is not a valid {type}.", _settings.Context.NodeId, "column_types");
            }

            return _settings.InferTypes ? CsvValues.Infer(cell) : cell;
        }
    }
}
