// A throwaway PostgreSQL server for tests, shared by every test project that links this file
// (<Compile Include="../Shared/*.cs" LinkBase="Shared" />). It starts a private cluster from the server binaries of
// Debian's `postgresql` package (initdb into a temp directory owned by the `postgres` user when running as root,
// pg_ctl on a free loopback port), once per test process, and stops it when the tests end. Set
// KAILASH_TEST_POSTGRES to a connection string to use an existing server instead. Without binaries the tests
// skip with a loud message, unless KAILASH_REQUIRE_POSTGRES=1 (CI), where they fail.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Kailash.Testing.PostgresServerLifetime))]

namespace Kailash.Testing;

/// <summary>One PostgreSQL server for the tests of this process (started on first use).</summary>
public sealed class PostgresServer
{
    /// <summary>The environment variable holding a connection string of an existing server to test against.</summary>
    public const string ConnectionStringVariable = "KAILASH_TEST_POSTGRES";

    /// <summary>The environment variable that turns a missing server into a failure instead of a skip (set by CI).</summary>
    public const string RequireVariable = "KAILASH_REQUIRE_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _shared;
    private static string? _unavailable;
    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;
    private readonly int _port;

    private PostgresServer(string connectionString, string? dataDirectory, string? binDirectory, int port)
    {
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _port = port;
    }

    /// <summary>Gets the connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets a value indicating whether this process started the server (and may stop and restart it).</summary>
    public bool IsOwned => _dataDirectory is not null;

    /// <summary>Gets the shared server, starting it on first use; skips (or fails under CI) when none can be had.</summary>
    /// <returns>The server.</returns>
    public static async Task<PostgresServer> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null && _unavailable is null)
            {
                try
                {
                    _shared = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } existing
                        ? new PostgresServer(existing, null, null, 0)
                        : await StartNewAsync();
                }
                catch (PostgresUnavailableException ex)
                {
                    _unavailable = ex.Message;
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        return _shared ?? Unavailable(_unavailable!);
    }

    /// <summary>Starts a private server that only the caller uses (for tests that stop it); skips or fails like <see cref="GetAsync"/>.</summary>
    /// <returns>The server; the caller stops it.</returns>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        try
        {
            return await StartNewAsync();
        }
        catch (PostgresUnavailableException ex)
        {
            return Unavailable(ex.Message);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="prefix">A readable prefix of the database name.</param>
    /// <returns>The connection string.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server immediately (a crash from the clients' point of view). Only for servers this process started.</summary>
    /// <returns>A task that completes when the server is down.</returns>
    public Task StopAsync() => PgCtlAsync("-m", "immediate", "-w", "stop");

    /// <summary>Starts a stopped server again on the same port and data directory.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public Task RestartAsync() => StartAsync();

    /// <summary>Stops the server and deletes its data directory. Only for servers this process started.</summary>
    /// <returns>A task that completes when everything is removed.</returns>
    public async Task DisposeClusterAsync()
    {
        if (_dataDirectory is null)
        {
            return;
        }

        try
        {
            await StopAsync();
        }
        catch (PostgresUnavailableException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static async Task DisposeSharedAsync()
    {
        if (_shared is { } server)
        {
            _shared = null;
            await server.DisposeClusterAsync();
        }
    }

    private static PostgresServer Unavailable(string reason)
    {
        var message = $"PostgreSQL tests need a server: {reason}. Install Debian's 'postgresql' package (apt-get install -y postgresql) or set {ConnectionStringVariable} to a connection string.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(message);
        }

        Console.Error.WriteLine($"*** SKIPPED: {message}");
        Assert.Skip(message);
        return null!;
    }

    private static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBinaries() ?? throw new PostgresUnavailableException("no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and for pg_config on PATH)");
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"kailash-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        var server = new PostgresServer(string.Empty, directory, bin, FreePort());
        await server.RunToolAsync("initdb", "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await server.StartAsync();
        return new PostgresServer(
            new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = server._port, Username = "postgres", Database = "postgres", Pooling = true }.ConnectionString,
            directory,
            bin,
            server._port);
    }

    private Task StartAsync()
        => PgCtlAsync(
            "-l", Path.Combine(_dataDirectory!, "server.log"), "-w", "-t", "120",
            "-o", $"-p {_port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
            "start");

    private Task PgCtlAsync(params string[] arguments)
    {
        if (_dataDirectory is null)
        {
            throw new InvalidOperationException("Only a server this process started can be stopped or restarted.");
        }

        return RunToolAsync("pg_ctl", ["-D", Path.Combine(_dataDirectory, "data"), .. arguments]);
    }

    private Task RunToolAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binDirectory!, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new PostgresUnavailableException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new PostgresUnavailableException($"'{file} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {await error} {await output}");
        }
    }

    private static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (Directory.Exists(Root))
        {
            var best = Directory.GetDirectories(Root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(c => File.Exists(Path.Combine(c.Dir, "initdb")))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return best.Dir;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Stops the shared server when the test assembly finishes.</summary>
public sealed class PostgresServerLifetime : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await PostgresServer.DisposeSharedAsync();
}

/// <summary>No PostgreSQL server can be had.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
