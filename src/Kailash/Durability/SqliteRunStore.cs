namespace Kailash.Durability;

/// <summary>
/// The embedded default run store: one SQLite file (WAL journal, one writer connection). Give it a file path;
/// the file and its schema are created on first use. Other processes may read it while a run writes
/// (<c>kailash runs list</c>).
/// </summary>
/// <remarks>
/// Commits survive a killed process (SIGKILL). With <c>synchronous=NORMAL</c> (the default) the last commits before a
/// power loss or operating-system crash may be lost; pass <see langword="true"/> for <c>fullSync</c> to fsync every commit.
/// </remarks>
public sealed class SqliteRunStore : RelationalRunStore
{
    /// <summary>Initializes a new instance of the <see cref="SqliteRunStore"/> class.</summary>
    /// <param name="path">The database file (created when missing).</param>
    /// <param name="retention">Which finished runs are pruned (default: kept 30 days).</param>
    /// <param name="fullSync">Fsync every commit (<c>synchronous=FULL</c>): survives power loss, costs a disk flush per commit.</param>
    public SqliteRunStore(string path, RetentionPolicy? retention = null, bool fullSync = false)
        : base(new SqliteDialect(Validate(path), fullSync), retention)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    private static string Validate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return path;
    }
}
