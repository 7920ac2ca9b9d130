using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace Kailash.Nodes.Sql;

/// <summary>
/// Runs a SQL statement (Kailash <c>SQLDatabaseNode</c>) on SQLite or PostgreSQL over an ADO.NET <see cref="DbDataSource"/>:
/// <c>connection_string</c> (SQLAlchemy-style URL or ADO.NET string; write it <c>{"$secret": "DB_URL"}</c> to keep it out of
/// the file), <c>query</c>, <c>parameters</c> (a map for <c>:name</c> placeholders, a list for <c>?</c>) → <c>data</c>
/// (rows as maps, or lists with <c>result_format: "list"</c>), <c>row_count</c>, <c>columns</c>.
/// </summary>
/// <remarks>
/// Values are always bound as parameters, never spliced into the SQL. <c>parameter_sets</c> (a list of parameter maps or
/// lists) runs the statement once per set in one transaction — a .NET addition for loading rows into a table.
/// One data source (connection pool) is kept per connection string for the life of the node. The placeholder
/// <c>:idempotency_key</c> is bound to <see cref="NodeContext.IdempotencyKey"/> (<c>{runId}:{nodeId}:{iteration}</c>) when
/// <c>parameters</c> does not set it, so a statement can make a node's writes idempotent across a resumed run.
/// </remarks>
public sealed class SQLDatabaseNode : DeclaredAsyncNode
{
    /// <summary>The named placeholder bound to <see cref="NodeContext.IdempotencyKey"/> unless <c>parameters</c> gives it a value.</summary>
    public const string IdempotencyKeyPlaceholder = "idempotency_key";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("connection_string", typeof(string)) { Required = true, Description = "sqlite:///file.db, postgresql://user:pw@host/db or an ADO.NET connection string. Use {\"$secret\": NAME} for credentials." },
        new("query", typeof(string)) { Required = true, Description = "The SQL statement, with :name or ? placeholders." },
        new("parameters", typeof(object)) { Default = null, HasDefault = true, Description = "Values for the placeholders: a map (:name) or a list (?)." },
        new("parameter_sets", typeof(IReadOnlyList<object?>)) { Default = null, HasDefault = true, Description = "Run the statement once per set (maps or lists) in one transaction." },
        new("result_format", typeof(string)) { Default = "dict", HasDefault = true, Description = "Rows as maps (dict) or lists (list).", Choices = ["dict", "list"] },
        new("timeout", typeof(long)) { Default = 30L, HasDefault = true, Description = "Command timeout in seconds." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["data", "row_count", "columns"];

    /// <summary>Initializes a new instance of the <see cref="SQLDatabaseNode"/> class.</summary>
    public SQLDatabaseNode()
        : base(Parameters, Outputs)
    {
    }
    private readonly ConcurrentDictionary<string, Lazy<DbDataSource>> _sources = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var connection = SqlConnectionInfo.Parse(inputs.Get<string>("connection_string"), context.Permissions, context.NodeId);
        var (sql, named, positional) = SqlPlaceholders.Rewrite(inputs.Get<string>("query"));
        var asLists = inputs.GetOrDefault("result_format", "dict") == "list";
        var sets = inputs.GetOrDefault<IReadOnlyList<object?>?>("parameter_sets", null);
        var source = _sources.GetOrAdd(connection.ConnectionString, static (_, info) => new Lazy<DbDataSource>(info.CreateDataSource), connection).Value;
        try
        {
            await using var db = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            // SQLite reports a stale change count after statements that change nothing (CREATE …); total_changes() is exact.
            var before = connection.Provider == SqlConnectionInfo.Sqlite ? await TotalChangesAsync(db, cancellationToken).ConfigureAwait(false) : (long?)null;
            IReadOnlyDictionary<string, object?> result;
            if (sets is not null)
            {
                result = await RunManyAsync(db, sql, named, positional, sets, inputs, context, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var command = Command(db, sql, named, positional, inputs.GetOrDefault<object?>("parameters", null), inputs, context);
                result = await ReadAsync(command, asLists, cancellationToken).ConfigureAwait(false);
            }

            if (before is { } start && result["columns"] is List<object?> { Count: 0 })
            {
                return new Dictionary<string, object?>(result) { ["row_count"] = await TotalChangesAsync(db, cancellationToken).ConfigureAwait(false) - start };
            }

            return result;
        }
        catch (DbException ex)
        {
            throw new KailashException(ErrorCodes.SqlFailed, $"Node '{context.NodeId}': the {connection.Provider} statement failed: {ex.Message}", context.NodeId, "query", ex);
        }
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetValue("connection_string", out var value) && value is string text && !text.Contains("${", StringComparison.Ordinal))
        {
            try
            {
                SqlConnectionInfo.Parse(text, BuildPermissions, null);
            }
            catch (KailashException ex)
            {
                throw Files.FileNodeSupport.ConfigError(ex, "connection_string");
            }
        }
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> RunManyAsync(DbConnection db, string sql, IReadOnlyList<string> named, int positional, IReadOnlyList<object?> sets, NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long affected = 0;
        foreach (var set in sets)
        {
            await using var command = Command(db, sql, named, positional, set, inputs, context);
            command.Transaction = transaction;
            affected += Math.Max(0, await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, object?>(3) { ["data"] = new List<object?>(), ["row_count"] = affected, ["columns"] = new List<object?>() };
    }

    private static async ValueTask<long> TotalChangesAsync(DbConnection db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT total_changes()";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection db, string sql, IReadOnlyList<string> named, int positional, object? values, NodeInputs inputs, NodeContext context)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)Math.Clamp(inputs.GetOrDefault("timeout", 30L), 0, int.MaxValue);
        if (named.Count > 0 && positional > 0)
        {
            throw Mismatch(context, "the query mixes :name and ? placeholders; please use one style.");
        }

        if (named.Count > 0)
        {
            var map = values as IReadOnlyDictionary<string, object?>;
            if (map is null && (values is not null || named.Any(n => n != IdempotencyKeyPlaceholder)))
            {
                throw Mismatch(context, $"the query uses named placeholders ({string.Join(", ", named.Select(n => ":" + n))}), so 'parameters' must be a map of name to value.");
            }

            foreach (var name in named)
            {
                if (map is not null && map.TryGetValue(name, out var value))
                {
                    Add(command, name, value);
                }
                else if (name == IdempotencyKeyPlaceholder)
                {
                    // Durable runs: the same key when an interrupted node runs again, for an INSERT … ON CONFLICT DO NOTHING.
                    Add(command, name, context.IdempotencyKey);
                }
                else
                {
                    throw Mismatch(context, $"no value for :{name}. Please add '{name}' to the parameters.");
                }
            }
        }
        else if (positional > 0)
        {
            if (values is not IEnumerable list || values is string or IReadOnlyDictionary<string, object?>)
            {
                throw Mismatch(context, $"the query has {positional} ? placeholder(s), so 'parameters' must be a list of {positional} value(s).");
            }

            var items = list.Cast<object?>().ToList();
            if (items.Count != positional)
            {
                throw Mismatch(context, $"the query has {positional} ? placeholder(s) but {items.Count} value(s) were given.");
            }

            for (var i = 0; i < items.Count; i++)
            {
                Add(command, "p" + (i + 1).ToString(CultureInfo.InvariantCulture), items[i]);
            }
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            string or bool or long or int or double or float or decimal or DateTime or DateTimeOffset or Guid or byte[] => value,
            _ => Files.JsonValuesText.Of(value),
        };
        command.Parameters.Add(parameter);
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> ReadAsync(DbCommand command, bool asLists, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<object?>();
        var columns = new List<object?>();
        do
        {
            if (reader.FieldCount == 0 || columns.Count > 0)
            {
                continue;
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }

            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(asLists ? ListRow(reader) : MapRow(reader, columns));
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

        long count = columns.Count > 0 ? rows.Count : Math.Max(0, reader.RecordsAffected);
        return new Dictionary<string, object?>(3) { ["data"] = rows, ["row_count"] = count, ["columns"] = columns };
    }

    private static Dictionary<string, object?> MapRow(DbDataReader reader, List<object?> columns)
    {
        var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            row[(string)columns[i]!] = Plain(reader.GetValue(i));
        }

        return row;
    }

    private static List<object?> ListRow(DbDataReader reader)
    {
        var row = new List<object?>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row.Add(Plain(reader.GetValue(i)));
        }

        return row;
    }

    private static object? Plain(object value) => value switch
    {
        DBNull => null,
        int or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float single => (double)single,
        decimal exact => (double)exact,
        _ => value,
    };

    private static KailashException Mismatch(NodeContext context, string problem)
        => new(ErrorCodes.SqlFailed, $"Node '{context.NodeId}': the parameters do not match the query: {problem}", context.NodeId, "parameters");
}
