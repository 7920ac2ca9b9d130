using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kailash.Benchmarks;

/// <summary>
/// The PostgreSQL server the store benchmarks measure on loopback: the one <c>KAILASH_BENCH_POSTGRES</c> names (a
/// connection string), else a throwaway cluster this process starts from Debian's <c>postgresql</c> server binaries
/// (initdb into a temp directory — owned by the <c>postgres</c> user when running as root — and pg_ctl on a free
/// loopback port), stopped and deleted when the suite ends. Unlike the test fixture it keeps PostgreSQL's durable
/// defaults (<c>fsync</c>, <c>synchronous_commit</c> on): a commit is measured as it would cost in production.
/// </summary>
internal sealed class BenchPostgres : IDisposable
{
    public const string Variable = "KAILASH_BENCH_POSTGRES";

    private readonly string? _directory;
    private readonly string? _bin;

    private BenchPostgres(string connectionString, string? directory, string? bin)
    {
        ConnectionString = connectionString;
        _directory = directory;
        _bin = bin;
    }

    public string ConnectionString { get; }

    /// <summary>Gets the server: the configured one, or a new cluster; throws with what to do when neither can be had.</summary>
    public static BenchPostgres Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return new BenchPostgres(configured, null, null);
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"No PostgreSQL server binaries (/usr/lib/postgresql/*/bin): install Debian's 'postgresql' package or set {Variable} to a loopback connection string.");
        }

        var directory = Directory.CreateTempSubdirectory("kailash-bench-pg-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var server = new BenchPostgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", directory, bin);
        if (Environment.UserName == "root")
        {
            Run("chown", "postgres:postgres", directory);
        }

        server.Tool("initdb", "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        server.Tool("pg_ctl", "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "120", "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "start");
        return server;
    }

    public void Dispose()
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            Tool("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Tool(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin!, tool);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {error.Result}");
        }
    }
}
