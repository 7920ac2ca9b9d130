namespace Kailash.Nodes.Http;

/// <summary>
/// Sends one HTTP request (Kailash <c>HTTPRequestNode</c>): <c>url</c>, <c>method</c>, <c>headers</c>, <c>params</c> (query),
/// <c>data</c> (text body, or JSON for maps and lists), <c>json_data</c>, <c>response_format</c> (auto, json, text, binary),
/// <c>timeout</c> → <c>response</c> (<c>status_code</c>, <c>headers</c>, <c>content_type</c>, <c>content</c>, <c>url</c>),
/// <c>status_code</c>, <c>success</c> (2xx), <c>headers</c>.
/// </summary>
/// <remarks>
/// The URL must be absolute http(s) and its host allowed (<c>WorkflowPermissions.AllowedHosts</c>), and so must every
/// redirect. A response with an error status is not a node failure (<c>success</c> is false); a connection failure or
/// timeout is (<c>KWF107</c>). Retries come from the node's retry policy.
/// </remarks>
public sealed class HTTPRequestNode : DeclaredAsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("url", typeof(string)) { Required = true, Description = "The absolute http(s) URL." },
        new("method", typeof(string)) { Default = "GET", HasDefault = true, Description = "The HTTP method.", Choices = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] },
        new("params", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "Query-string parameters." },
        new("data", typeof(object)) { Default = null, HasDefault = true, Description = "The body: text as is, maps and lists as JSON." },
        new("json_data", typeof(object)) { Default = null, HasDefault = true, Description = "A body sent as JSON." },
        new("response_format", typeof(string)) { Default = "auto", HasDefault = true, Description = "How to read the body: auto (JSON when the server says so), json, text, binary.", Choices = ["auto", "json", "text", "binary"] },
        .. HttpSupport.CommonParameters(),
    ];

    private static readonly IReadOnlyList<string> Outputs = HttpSupport.Outputs;

    /// <summary>Initializes a new instance of the <see cref="HTTPRequestNode"/> class.</summary>
    public HTTPRequestNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var url = context.Permissions.CheckUrl(inputs.Get<string>("url"), context.NodeId, "url");
        url = HttpSupport.WithQuery(url, inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("params", null));
        using var body = Body(inputs.GetOrDefault<object?>("json_data", null), inputs.GetOrDefault<object?>("data", null));
        var reply = await HttpSupport.SendAsync(
            context,
            inputs.GetOrDefault("method", "GET"),
            url,
            inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("headers", null),
            body,
            inputs.GetOrDefault("timeout", 30.0),
            inputs.GetOrDefault("max_response_bytes", HttpSupport.DefaultMaxResponseBytes),
            cancellationToken).ConfigureAwait(false);
        var content = HttpSupport.Decode(reply, inputs.GetOrDefault("response_format", "auto"), context);
        return new Dictionary<string, object?>(4)
        {
            ["response"] = HttpSupport.ResponseMap(reply, content),
            ["status_code"] = (long)reply.StatusCode,
            ["success"] = reply.StatusCode is >= 200 and < 300,
            ["headers"] = reply.Headers,
        };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => HttpSupport.CheckConfigUrl(BuildPermissions, config, "url");

    private static HttpContent? Body(object? json, object? data) => (json, data) switch
    {
        (not null, _) => HttpSupport.JsonBody(json),
        (null, string text) => new StringContent(text),
        (null, not null) => HttpSupport.JsonBody(data),
        _ => null,
    };
}
