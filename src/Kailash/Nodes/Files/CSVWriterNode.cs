using System.Collections;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Kailash.Nodes.Files;

/// <summary>
/// Writes rows to a CSV file (Kailash <c>CSVWriterNode</c>): <c>file_path</c>, <c>data</c> (maps or lists), <c>headers</c>,
/// <c>delimiter</c> → <c>rows_written</c>, <c>file_path</c> (as given). Rows are written as they are enumerated, so a streaming
/// <c>CSVReaderNode</c> feeding this node never holds the file in memory.
/// </summary>
public sealed class CSVWriterNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        FileNodeSupport.FilePath("The CSV file to write (replaced)."),
        new("data", typeof(object)) { Required = true, Description = "The rows: a list of maps (columns from headers or the first row's keys) or a list of lists." },
        new("headers", typeof(IReadOnlyList<object?>)) { Default = null, HasDefault = true, Description = "The column names and their order; defaults to the first row's keys." },
        new("delimiter", typeof(string)) { Default = ",", HasDefault = true, Description = "The field delimiter." },
        FileNodeSupport.Encoding(),
    ];

    private static readonly IReadOnlyList<string> Outputs = ["rows_written", FileNodeSupport.FilePathKey];

    /// <summary>Initializes a new instance of the <see cref="CSVWriterNode"/> class.</summary>
    public CSVWriterNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        if (inputs["data"] is not IEnumerable rows || inputs["data"] is string or IDictionary or IReadOnlyDictionary<string, object?>)
        {
            throw new KailashException(ErrorCodes.ConnectionContractViolation, $"Node '{context.NodeId}': 'data' must be a list of rows (maps or lists).", context.NodeId, "data");
        }

        var headers = inputs.GetOrDefault<IReadOnlyList<object?>?>("headers", null)?.Select(h => Convert.ToString(h, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
        var encoding = FileNodeSupport.GetEncoding(context, inputs.GetOrDefault<string?>("encoding", null));
        long written = 0;
        try
        {
            FileNodeSupport.EnsureParent(full);
            using var writer = new StreamWriter(full, append: false, encoding, bufferSize: 1 << 16);
            using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = inputs.GetOrDefault("delimiter", ",") });
            foreach (var row in rows)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                switch (row)
                {
                    case IReadOnlyDictionary<string, object?> map:
                        if (headers is null)
                        {
                            headers = [.. map.Keys];
                            WriteFields(csv, headers);
                        }

                        WriteFields(csv, headers.Select(h => map.TryGetValue(h, out var v) ? v : null));
                        break;
                    case IEnumerable list and not string:
                        if (headers is { } names && written == 0)
                        {
                            WriteFields(csv, names);
                        }

                        WriteFields(csv, list.Cast<object?>());
                        break;
                    default:
                        throw new KailashException(ErrorCodes.ConnectionContractViolation, $"Node '{context.NodeId}': row {written + 1} of 'data' is {Internal.ValueConverter.Describe(row)}; every row must be a map or a list.", context.NodeId, "data");
                }

                written++;
            }
        }
        catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
        {
            throw FileNodeSupport.AccessFailed(context, path, "write", ex);
        }

        return new Dictionary<string, object?>(2) { ["rows_written"] = written, [FileNodeSupport.FilePathKey] = path };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => FileNodeSupport.CheckConfigPath(BuildPermissions, config, FileNodeSupport.FilePathKey);

    private static void WriteFields(CsvWriter csv, IEnumerable<object?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field switch
            {
                null => string.Empty,
                bool flag => flag ? "true" : "false",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => field.ToString(),
            });
        }

        csv.NextRecord();
    }
}
