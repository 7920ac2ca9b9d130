using System.Collections;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Reads a generated 1 GB CSV file (20 MB with <c>KAILASH_BENCH_QUICK=1</c>) with a streaming <c>CSVReaderNode</c> into a
/// node that counts the rows. Goal: memory stays flat — peak working set far below the file size — and rows/s is
/// reported. Both figures are printed at the end of the run ("CSV streaming: …"); copy them to benchmarks/results/.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(IoFanOutConfig))]
public class CsvStreamingBenchmarks
{
    private string _directory = null!;
    private string _file = null!;
    private long _rows;
    private Workflow _workflow = null!;
    private LocalRuntime _runtime = null!;
    private long _readRows;
    private TimeSpan _elapsed;

    /// <summary>Gets the generated file's size in bytes.</summary>
    public static long TargetBytes => BenchmarkSettings.Quick ? 20L * 1024 * 1024 : 1024L * 1024 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kailash-csv-bench-").FullName;
        _file = Path.Combine(_directory, "big.csv");
        using (var writer = new StreamWriter(_file, append: false, System.Text.Encoding.UTF8, bufferSize: 1 << 20))
        {
            writer.Write("id,customer,region,amount,note\n");
            long written = 0;
            while (written < TargetBytes)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"{_rows},customer-{_rows},region-{_rows % 7},{_rows % 1000}.25,some free text that makes the row about one hundred bytes long\n");
                writer.Write(line);
                written += line.Length;
                _rows++;
            }
        }

        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = new WorkflowPermissions { FileRoots = [_directory] };
        _workflow = new WorkflowBuilder("csv-stream", registry)
            .AddNode("CSVReaderNode", "read", new() { ["file_path"] = _file, ["streaming"] = true })
            .AddNode("count", new CountRowsNode())
            .AddConnection("read", "data", "count", "rows")
            .Build();
        _runtime = new LocalRuntime();
    }

    [Benchmark]
    public long Read_Streaming_1GB()
    {
        var start = Stopwatch.GetTimestamp();
        var counted = (long)_runtime.Execute(_workflow)["count"]["result"]!;
        _elapsed += Stopwatch.GetElapsedTime(start);
        _readRows += counted;
        return counted == _rows ? counted : throw new InvalidOperationException($"Counted {counted} rows, expected {_rows}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var rowsPerSecond = _elapsed > TimeSpan.Zero ? _readRows / _elapsed.TotalSeconds : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CSV streaming: file {TargetBytes / (1024 * 1024)} MB, {_rows} rows; peak working set {peakMb:0} MB; {rowsPerSecond:0} rows/s"));
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Enumerates its input once and returns the row count (never keeps a row).</summary>
    private sealed class CountRowsNode : Node
    {
        private static readonly IReadOnlyList<NodeParameter> Parameters = [new("rows", typeof(object)) { Required = true }];

        public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            long count = 0;
            foreach (var row in (IEnumerable)inputs["rows"]!)
            {
                count++;
            }

            return new Dictionary<string, object?> { ["result"] = count };
        }
    }
}
