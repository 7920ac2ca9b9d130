using System.Data.Common;

namespace Kailash.Durability;

/// <summary>What differs between the relational stores: connections, type names, table qualification, locking and error translation.</summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    /// <summary>Gets the store's name for messages ("SQLite", "PostgreSQL").</summary>
    public abstract string Name { get; }

    /// <summary>Gets where the store lives, for messages (a file path or a host and database; never a password).</summary>
    public abstract string Location { get; }

    /// <summary>Gets the prefix that qualifies table names (empty, or a quoted schema and a dot).</summary>
    public abstract string TablePrefix { get; }

    /// <summary>Gets the SQL type of byte columns.</summary>
    public abstract string BlobType { get; }

    /// <summary>Gets the clause after a table definition that clusters the table on its primary key (SQLite's <c> WITHOUT ROWID</c>; empty where tables are heaps with a key index anyway).</summary>
    public abstract string WithoutRowId { get; }

    /// <summary>Gets the clause that locks a selected row until the transaction ends (empty where the transaction already serialises writers).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Gets a value indicating whether the connection lives as long as the store, so commands can be cached on it.</summary>
    public abstract bool KeepsConnection { get; }

    /// <summary>Gets a connection (exclusive to the caller until <see cref="ReleaseAsync"/>).</summary>
    public abstract ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Gives a connection back.</summary>
    public abstract ValueTask ReleaseAsync(DbConnection connection);

    /// <summary>Lists the tables that exist where the store's tables live; runs inside the schema transaction after <see cref="PrepareSchemaAsync"/>.</summary>
    public abstract string ListTablesSql { get; }

    /// <summary>Serialises schema creation between processes and creates the container (schema) when needed.</summary>
    public abstract ValueTask PrepareSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Turns a provider exception into a coded store error.</summary>
    public abstract RunStoreException Translate(Exception exception, string operation);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
