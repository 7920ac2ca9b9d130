using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kailash.Nodes.Http;

/// <summary>
/// Sends the HTTP nodes' requests: the URL and every redirect target are checked against the allowed hosts, redirects are
/// followed by hand (at most 5) so a permitted host cannot hand the request to a forbidden one, bodies are size-limited,
/// and failures become coded errors.
/// </summary>
internal static class HttpSupport
{
    public const long DefaultMaxResponseBytes = 16L * 1024 * 1024;
    private const int MaxRedirects = 5;

    /// <summary>The request header that carries <see cref="NodeContext.IdempotencyKey"/> (unless the node's headers set it).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(
        new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    });

    /// <summary>The client: an <see cref="HttpClient"/> from the application's services when it registered one, else a shared one.</summary>
    public static HttpClient Client(NodeContext context)
        => context.Services?.GetService(typeof(HttpClient)) as HttpClient ?? SharedClient.Value;

    /// <summary>The output ports both HTTP nodes have.</summary>
    public static readonly IReadOnlyList<string> Outputs = ["response", "status_code", "success", "headers"];

    /// <summary>The inputs both HTTP nodes end with: headers, timeout, size limit.</summary>
    public static NodeParameter[] CommonParameters() => [Headers(), Timeout(), MaxResponseBytes()];

    public static NodeParameter Timeout() => new("timeout", typeof(double)) { Default = 30.0, HasDefault = true, Description = "Seconds before the request fails with KWF107." };

    public static NodeParameter Headers() => new("headers", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "Request headers." };

    public static NodeParameter MaxResponseBytes() => new("max_response_bytes", typeof(long)) { Default = DefaultMaxResponseBytes, HasDefault = true, Description = "The largest response body accepted (bytes)." };

    /// <summary>Checks a literal URL in the config when the workflow is built (templates are checked when they are filled).</summary>
    public static void CheckConfigUrl(Security.WorkflowPermissions permissions, IReadOnlyDictionary<string, object?> config, string key)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetValue(key, out var value) && value is string url && !url.Contains("${", StringComparison.Ordinal))
        {
            try
            {
                permissions.CheckUrl(url, null, key);
            }
            catch (KailashException ex)
            {
                throw Files.FileNodeSupport.ConfigError(ex, key);
            }
        }
    }

    public static async Task<HttpReply> SendAsync(NodeContext context, string method, Uri url, IReadOnlyDictionary<string, object?>? headers, HttpContent? body, double timeoutSeconds, long maxBytes, CancellationToken cancellationToken)
    {
        if (timeoutSeconds <= 0 || double.IsNaN(timeoutSeconds))
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': 'timeout' must be a positive number of seconds.", context.NodeId, "timeout");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Min(timeoutSeconds, int.MaxValue / 1000.0)));
        var payload = body is null ? null : await body.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var current = url;
        var verb = new HttpMethod(method.ToUpperInvariant());
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(verb, current);
                AddHeaders(request, headers, context);
                if (payload is not null && verb != HttpMethod.Get && verb != HttpMethod.Head)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = body!.Headers.ContentType;
                }

                using var response = await Client(context).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location && hop < MaxRedirects)
                {
                    current = context.Permissions.CheckUrl(new Uri(current, location).ToString(), context.NodeId, "url");
                    if (response.StatusCode is HttpStatusCode.SeeOther || (verb == HttpMethod.Post && response.StatusCode is HttpStatusCode.Moved or HttpStatusCode.Found))
                    {
                        verb = HttpMethod.Get;
                        payload = null;
                    }

                    continue;
                }

                var content = await ReadLimitedAsync(response.Content, maxBytes, context, timeout.Token).ConfigureAwait(false);
                return new HttpReply((int)response.StatusCode, Headers(response), response.Content.Headers.ContentType?.MediaType, content, current);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KailashException(ErrorCodes.HttpRequestFailed, $"Node '{context.NodeId}': {method} {url} did not answer within {timeoutSeconds.ToString(CultureInfo.InvariantCulture)} s. Please raise 'timeout' or check the server.", context.NodeId, "url");
        }
        catch (HttpRequestException ex)
        {
            throw new KailashException(ErrorCodes.HttpRequestFailed, $"Node '{context.NodeId}': {method} {url} failed: {ex.Message}", context.NodeId, "url", ex);
        }
    }

    /// <summary>The body as data: parsed JSON for JSON responses (or <c>response_format: json</c>), else text; <c>binary</c> gives bytes.</summary>
    public static object? Decode(HttpReply reply, string format, NodeContext context)
    {
        var json = format == "json" || (format == "auto" && reply.ContentType is { } type && (type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
        if (format == "binary")
        {
            return reply.Body;
        }

        if (json && reply.Body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(reply.Body);
                return Internal.ValueConverter.FromJson(document.RootElement);
            }
            catch (JsonException ex) when (format == "json")
            {
                throw new KailashException(ErrorCodes.HttpRequestFailed, $"Node '{context.NodeId}': the response from {reply.Url} is not valid JSON: {ex.Message}", context.NodeId, "response_format", ex);
            }
            catch (JsonException)
            {
                // Declared JSON but is not: give the text, as Kailash's auto format does.
            }
        }

        return Encoding.UTF8.GetString(reply.Body);
    }

    /// <summary>A JSON request body from a workflow value.</summary>
    public static HttpContent JsonBody(object? value)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Files.JsonValuesText.Of(value)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public static Uri WithQuery(Uri url, IReadOnlyDictionary<string, object?>? query)
    {
        if (query is null || query.Count == 0)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var pairs = query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(Text(p.Value)));
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? string.Join('&', pairs) : existing + "&" + string.Join('&', pairs);
        return builder.Uri;
    }

    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static Dictionary<string, object?> ResponseMap(HttpReply reply, object? content) => new(StringComparer.Ordinal)
    {
        ["status_code"] = (long)reply.StatusCode,
        ["headers"] = reply.Headers,
        ["content_type"] = reply.ContentType,
        ["content"] = content,
        ["url"] = reply.Url.ToString(),
    };

    private static void AddHeaders(HttpRequestMessage request, IReadOnlyDictionary<string, object?>? headers, NodeContext context)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, object?>())
        {
            var text = value is IEnumerable and not string ? string.Join(", ", ((IEnumerable)value).Cast<object?>().Select(Text)) : Text(value);
            if (!request.Headers.TryAddWithoutValidation(name, text))
            {
                throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': the header '{name}' cannot be set on a request (content headers follow the body).", context.NodeId, "headers");
            }
        }

        // The node execution's key ({runId}:{nodeId}:{iteration}), the same when a resumed run repeats an interrupted request.
        if (!request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, context.IdempotencyKey);
        }
    }

    private static bool IsRedirect(HttpStatusCode code) => code is HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static Dictionary<string, object?> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }

        return new Dictionary<string, object?>(headers.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long maxBytes, NodeContext context, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(context, maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(context, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static KailashException TooLarge(NodeContext context, long maxBytes)
        => new(ErrorCodes.HttpRequestFailed, $"Node '{context.NodeId}': the response is larger than max_response_bytes ({maxBytes}). Please raise the limit if the response is expected.", context.NodeId, "max_response_bytes");
}

