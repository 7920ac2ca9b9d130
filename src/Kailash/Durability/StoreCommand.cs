using System.Data;
using System.Data.Common;

namespace Kailash.Durability;

/// <summary>A command of a relational store: parameters by name, typed so both providers bind nulls correctly.</summary>
internal readonly struct StoreCommand : IDisposable
{
    private readonly bool _owned;

    public StoreCommand(DbCommand command, bool owned)
    {
        Command = command;
        _owned = owned;
    }

    public DbCommand Command { get; }

    public StoreCommand Text(string name, string? value) => Add(name, value, DbType.String);

    public StoreCommand Int(string name, long? value) => Add(name, value, DbType.Int64);

    public StoreCommand Int32(string name, int value) => Add(name, value, DbType.Int32);

    public StoreCommand Bytes(string name, byte[]? value) => Add(name, value, DbType.Binary);

    public StoreCommand Time(string name, DateTimeOffset? value) => Add(name, value is { } time ? StoreNames.Millis(time) : null, DbType.Int64);

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => Command.ExecuteNonQueryAsync(cancellationToken);

    public Task<object?> ScalarAsync(CancellationToken cancellationToken) => Command.ExecuteScalarAsync(cancellationToken);

    public Task<DbDataReader> ReaderAsync(CancellationToken cancellationToken) => Command.ExecuteReaderAsync(cancellationToken);

    public void Dispose()
    {
        if (_owned)
        {
            Command.Dispose();
        }
    }

    private StoreCommand Add(string name, object? value, DbType type)
    {
        var parameter = Command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        Command.Parameters.Add(parameter);
        return this;
    }
}
