using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Kailash.Durability;

/// <summary>SQLite: one connection for the store's life, used by one caller at a time (the one writer); WAL journal.</summary>
internal sealed class SqliteDialect : StoreDialect
{
    private const int NotADatabase = 26;
    private const int Corrupt = 11;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private readonly bool _fullSync;
    private SqliteConnection? _connection;

    public SqliteDialect(string path, bool fullSync)
    {
        Location = Path.GetFullPath(path);
        _fullSync = fullSync;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Location, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
    }

    public override string Name => "SQLite";

    public override string Location { get; }

    public override string TablePrefix => string.Empty;

    public override string BlobType => "BLOB";

    public override string WithoutRowId => " WITHOUT ROWID";

    public override string ForUpdate => string.Empty;

    public override bool KeepsConnection => true;

    public override string ListTablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

    public override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            // The store's folder is created with it (sqlite:.kailash/runs.db in a fresh working directory).
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Location)!);
            connection.Open();
            using var pragmas = connection.CreateCommand();
            // WAL with synchronous=NORMAL: a commit is an append to the WAL without fsync (it survives a killed process; a
            // power loss may lose the last commits — fullSync fsyncs each one). The WAL is copied back and fsynced every
            // 4,000 pages (16 MB) instead of SQLite's 1,000: a quarter of the checkpoint fsyncs on the run's path.
            pragmas.CommandText = $"PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = {(_fullSync ? "FULL" : "NORMAL")}; PRAGMA wal_autocheckpoint = 4000;";
            pragmas.ExecuteNonQuery();
            _connection = connection;
            return connection;
        }
        catch
        {
            connection.Dispose();
            _gate.Release();
            throw;
        }
    }

    public override ValueTask ReleaseAsync(DbConnection connection)
    {
        _gate.Release();
        return default;
    }

    public override ValueTask PrepareSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => default;

    public override RunStoreException Translate(Exception exception, string operation)
        => exception is SqliteException { SqliteErrorCode: NotADatabase or Corrupt }
            ? new RunStoreException(ErrorCodes.StoreCorrupt, $"The file {Location} is not a usable SQLite database (SQLite: {exception.Message}), so the run store could not {operation}. Point the store at a new file; keep the damaged one for inspection.", exception)
            : new RunStoreException(ErrorCodes.StoreUnavailable, $"The SQLite run store at {Location} could not {operation}: {exception.Message}. Check that the file and its folder are writable; nothing already committed is lost.", exception);

    public override async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
