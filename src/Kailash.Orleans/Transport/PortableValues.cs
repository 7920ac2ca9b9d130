using System.Text.Json.Nodes;
using Kailash.Nodes;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Orleans.Transport;

/// <summary>
/// How values cross silos: as JSON, with the run-state value rules (<see cref="RunStateValues"/>). JSON's own shapes
/// travel bare (null, string, bool, long, maps with string keys, lists); other CLR scalars keep their type through a
/// stable tag (int, double, decimal, DateTime, DateTimeOffset, TimeSpan, Guid, byte[], char, …). Maps come back as
/// <c>Dictionary&lt;string, object?&gt;</c> and sequences as <c>List&lt;object?&gt;</c>. Anything else (records,
/// classes, delegates, streams) cannot travel: <see cref="ErrorCodes.ClusterValueNotPortable"/>, naming the value.
/// </summary>
internal static class PortableValues
{
    /// <summary>Writes a map of values as a JSON object text.</summary>
    /// <param name="values">The values, or <see langword="null"/>.</param>
    /// <param name="owner">The node (or "parameters") the values belong to, for errors.</param>
    /// <param name="what">What the values are ("input", "output", "parameter"), for errors.</param>
    /// <returns>The JSON text, or <see langword="null"/> for <see langword="null"/>.</returns>
    public static string? WriteMap(IEnumerable<KeyValuePair<string, object?>>? values, string owner, string what)
        => values is null ? null : WriteNode(values, owner, what)?.ToJsonString();

    /// <summary>Writes a map of values as a JSON node (a tagged map when a key is itself <c>$type</c>).</summary>
    /// <param name="values">The values.</param>
    /// <param name="owner">The node the values belong to, for errors.</param>
    /// <param name="what">What the values are, for errors.</param>
    /// <returns>The JSON node.</returns>
    public static JsonNode? WriteNode(IEnumerable<KeyValuePair<string, object?>> values, string owner, string what)
    {
        // Written value by value, so an error names the port that holds the value.
        var written = new JsonObject();
        var tagged = false;
        foreach (var pair in values)
        {
            written[pair.Key] = Write(pair.Value, owner, pair.Key, what);
            tagged |= pair.Key == "$type";
        }

        // A map that has a "$type" key of its own is written tagged, so it reads back as a map.
        return tagged ? Write(values, owner, string.Empty, what) : written;
    }

    /// <summary>Reads a map written by <see cref="WriteMap"/>.</summary>
    /// <param name="json">The JSON text, or <see langword="null"/>.</param>
    /// <returns>The values, or <see langword="null"/>.</returns>
    public static Dictionary<string, object?>? ReadMap(string? json)
        => json is null ? null : ReadNode(JsonNode.Parse(json));

    /// <summary>Reads a map written by <see cref="WriteNode"/>.</summary>
    /// <param name="node">The JSON node.</param>
    /// <returns>The values, or <see langword="null"/> for JSON null.</returns>
    public static Dictionary<string, object?>? ReadNode(JsonNode? node)
        => RunStateValues.Read(node) as Dictionary<string, object?>;

    /// <summary>Writes the user a run is for.</summary>
    /// <param name="user">The user, or <see langword="null"/>.</param>
    /// <returns>The JSON text, or <see langword="null"/>.</returns>
    public static string? WriteUser(UserContext? user)
    {
        if (user is null)
        {
            return null;
        }

        var roles = new JsonArray();
        foreach (var role in user.Roles)
        {
            roles.Add(role);
        }

        return new JsonObject
        {
            ["user_id"] = user.UserId,
            ["roles"] = roles,
            ["attributes"] = WriteNode(user.Attributes, user.UserId, "user attribute"),
        }.ToJsonString();
    }

    /// <summary>Reads the user written by <see cref="WriteUser"/>.</summary>
    /// <param name="json">The JSON text, or <see langword="null"/>.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static UserContext? ReadUser(string? json)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject user)
        {
            return null;
        }

        return new UserContext(user["user_id"]!.GetValue<string>())
        {
            Roles = [.. user["roles"]!.AsArray().Select(role => role!.GetValue<string>())],
            Attributes = ReadNode(user["attributes"]) ?? [],
        };
    }

    private static JsonNode? Write(object? value, string owner, string port, string what)
    {
        try
        {
            return RunStateValues.Write(value, owner, port);
        }
        catch (KailashException ex) when (ex.Code == ErrorCodes.RunStateValueNotSerializable)
        {
            throw new KailashException(
                ErrorCodes.ClusterValueNotPortable,
                $"The {what} '{port}' of '{owner}' holds a value of type {value?.GetType().FullName ?? "null"} that cannot cross silos. Please use JSON-like values (string, number, bool, list, map with string keys, date, guid, bytes) in workflows that run on a cluster.",
                owner,
                port,
                ex);
        }
    }
}
