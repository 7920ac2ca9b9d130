namespace Kailash.Nodes;

/// <summary>Who runs a workflow. Reaches every node through <see cref="NodeContext.UserContext"/> and the access policy.</summary>
public sealed class UserContext
{
    /// <summary>Initializes a new instance of the <see cref="UserContext"/> class.</summary>
    /// <param name="userId">The user id.</param>
    public UserContext(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
    }

    /// <summary>Gets the user id.</summary>
    public string UserId { get; }

    /// <summary>Gets the user's roles.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Gets free-form attributes (tenant, department, ...). Values should be JSON-serializable.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();
}
