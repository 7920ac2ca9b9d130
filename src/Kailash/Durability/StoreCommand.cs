using System.Data;
using System.Data.Common;

namespace Kailash.Durability;

/// <summary>A command of a relational store: parameters by name, typed so both providers bind nulls correctly.</summary>
internal readonly struct StoreCommand : IDisposable
{
    private readonly bool _owned;
    private readonly int _next;

    public StoreCommand(DbCommand command, bool owned)
        : this(command, owned, 0)
    {
    }

    private StoreCommand(DbCommand command, bool owned, int next)
    {
        Command = command;
        _owned = owned;
        _next = next;
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

    /// <summary>
    /// Binds the next parameter. A cached command is always bound in the same order, so its parameters from the last use
    /// are reused (only their values change) instead of being created again for every commit.
    /// </summary>
    private StoreCommand Add(string name, object? value, DbType type)
    {
        var parameters = Command.Parameters;
        if (_next < parameters.Count && parameters[_next] is var reused && reused.ParameterName == name && reused.DbType == type)
        {
            reused.Value = value ?? DBNull.Value;
            return new StoreCommand(Command, _owned, _next + 1);
        }

        while (parameters.Count > _next)
        {
            parameters.RemoveAt(parameters.Count - 1);
        }

        var parameter = Command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        parameters.Add(parameter);
        return new StoreCommand(Command, _owned, _next + 1);
    }
}
