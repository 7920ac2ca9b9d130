using Npgsql;

namespace Kailash.Durability;

/// <summary>
/// The production run store on PostgreSQL (Npgsql over an <see cref="NpgsqlDataSource"/>). The store creates its
/// own schema (default <c>kailash</c>) and migrates it; several processes may share one database.
/// </summary>
public sealed class PostgresRunStore : RelationalRunStore
{
    /// <summary>Initializes a new instance of the <see cref="PostgresRunStore"/> class from a connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…</c>).</param>
    /// <param name="retention">Which finished runs are pruned (default: kept 30 days).</param>
    /// <param name="schema">The schema that holds the store's tables (lower-case letters, digits and underscores).</param>
    /// <exception cref="RunStoreException">The connection string or schema name is malformed (<see cref="ErrorCodes.InvalidStoreSpec"/>).</exception>
    public PostgresRunStore(string connectionString, RetentionPolicy? retention = null, string schema = "kailash")
        : base(PostgresDialect.FromConnectionString(connectionString, schema), retention)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgresRunStore"/> class over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source; not disposed by the store.</param>
    /// <param name="retention">Which finished runs are pruned (default: kept 30 days).</param>
    /// <param name="schema">The schema that holds the store's tables.</param>
    public PostgresRunStore(NpgsqlDataSource dataSource, RetentionPolicy? retention = null, string schema = "kailash")
        : base(new PostgresDialect(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), ownsDataSource: false, schema), retention)
    {
    }
}
