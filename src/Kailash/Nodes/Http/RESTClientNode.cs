namespace Kailash.Nodes.Http;

/// <summary>
/// Calls a REST resource (Kailash <c>RESTClientNode</c>): <c>base_url</c> + <c>resource</c> (with <c>{name}</c> placeholders
/// filled, escaped, from <c>path_params</c>), <c>method</c>, <c>query_params</c>, <c>data</c> (sent as JSON), <c>headers</c>
/// → <c>response</c> (the decoded body: JSON as data, else text), <c>status_code</c>, <c>success</c> (2xx), <c>headers</c>.
/// </summary>
/// <remarks>Same guarantees as <see cref="HTTPRequestNode"/>: allowed hosts (redirects included), timeouts and size limits, coded errors.</remarks>
public sealed class RESTClientNode : DeclaredAsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("base_url", typeof(string)) { Required = true, Description = "The API's base URL (http or https)." },
        new("resource", typeof(string)) { Default = "", HasDefault = true, Description = "The resource path below base_url, for example users/{id}." },
        new("method", typeof(string)) { Default = "GET", HasDefault = true, Description = "The HTTP method.", Choices = ["GET", "POST", "PUT", "PATCH", "DELETE"] },
        new("path_params", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "Values for {name} placeholders in resource." },
        new("query_params", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "Query-string parameters." },
        new("data", typeof(object)) { Default = null, HasDefault = true, Description = "The request body, sent as JSON." },
        .. HttpSupport.CommonParameters(),
    ];

    private static readonly IReadOnlyList<string> Outputs = HttpSupport.Outputs;

    /// <summary>Initializes a new instance of the <see cref="RESTClientNode"/> class.</summary>
    public RESTClientNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var resource = Fill(inputs.GetOrDefault("resource", string.Empty), inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("path_params", null), context);
        var baseUrl = inputs.Get<string>("base_url");
        var url = context.Permissions.CheckUrl(resource.Length == 0 ? baseUrl : baseUrl.TrimEnd('/') + "/" + resource.TrimStart('/'), context.NodeId, "base_url");
        url = HttpSupport.WithQuery(url, inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("query_params", null));
        var data = inputs.GetOrDefault<object?>("data", null);
        using var body = data is null ? null : HttpSupport.JsonBody(data);
        var headers = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Accept"] = "application/json" };
        foreach (var (name, value) in inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("headers", null) ?? new Dictionary<string, object?>())
        {
            headers[name] = value;
        }

        var reply = await HttpSupport.SendAsync(context, inputs.GetOrDefault("method", "GET"), url, headers, body, inputs.GetOrDefault("timeout", 30.0), inputs.GetOrDefault("max_response_bytes", HttpSupport.DefaultMaxResponseBytes), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, object?>(4)
        {
            ["response"] = HttpSupport.Decode(reply, "auto", context),
            ["status_code"] = (long)reply.StatusCode,
            ["success"] = reply.StatusCode is >= 200 and < 300,
            ["headers"] = reply.Headers,
        };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => HttpSupport.CheckConfigUrl(BuildPermissions, config, "base_url");

    private static string Fill(string resource, IReadOnlyDictionary<string, object?>? values, NodeContext context)
    {
        var result = new System.Text.StringBuilder(resource.Length);
        var i = 0;
        while (i < resource.Length)
        {
            var open = resource.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(resource, i, resource.Length - i);
                break;
            }

            var close = resource.IndexOf('}', open);
            if (close < 0)
            {
                result.Append(resource, i, resource.Length - i);
                break;
            }

            var name = resource[(open + 1)..close];
            if (values is null || !values.TryGetValue(name, out var value))
            {
                throw new KailashException(ErrorCodes.MissingInput, $"Node '{context.NodeId}': resource '{resource}' needs '{name}' in path_params.", context.NodeId, "path_params");
            }

            result.Append(resource, i, open - i).Append(Uri.EscapeDataString(HttpSupport.Text(value)));
            i = close + 1;
        }

        return result.ToString();
    }
}
