using System.Data.Common;

namespace Kailash.Durability;

/// <summary>One exclusive use of a store connection, optionally inside a transaction. Commands are cached on connections that live as long as the store.</summary>
internal sealed class StoreSession
{
    private readonly Dictionary<string, DbCommand>? _cache;

    public StoreSession(DbConnection connection, Dictionary<string, DbCommand>? cache)
    {
        Connection = connection;
        _cache = cache;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; set; }

    public StoreCommand Command(string sql)
    {
        DbCommand? command;
        if (_cache is null)
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            return new StoreCommand(command, owned: true);
        }

        if (!_cache.TryGetValue(sql, out command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _cache[sql] = command;
        }

        command.Transaction = Transaction;
        return new StoreCommand(command, owned: false);
    }
}
