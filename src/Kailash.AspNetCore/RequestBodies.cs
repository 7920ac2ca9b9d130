using System.Text.Json;
using Kailash.Internal;
using Microsoft.AspNetCore.Http;

namespace Kailash.AspNetCore;

/// <summary>Reads a JSON request body within a size limit; every failure becomes a problem response, never an exception.</summary>
internal static class RequestBodies
{
    /// <summary>Reads the body as a JSON object; an empty body is an empty object.</summary>
    public static async Task<(Dictionary<string, object?>? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(limit));
        }

        if (buffer.Length == 0)
        {
            return (new Dictionary<string, object?>(StringComparer.Ordinal), null);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? ((Dictionary<string, object?>)ValueConverter.FromJson(document.RootElement)!, null)
                : (null, Problems.InvalidBody($"The body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
        }
        catch (JsonException e)
        {
            return (null, Problems.InvalidBody($"The body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})."));
        }
    }

    /// <summary>The <c>parameters</c> object of a start-run body (<c>{"parameters": {...}}</c>; no other keys).</summary>
    public static (IReadOnlyDictionary<string, object?>? Parameters, IResult? Problem) Parameters(Dictionary<string, object?> body)
    {
        var unknown = body.Keys.Where(key => key != "parameters").ToList();
        if (unknown.Count > 0)
        {
            return (null, Problems.InvalidBody($"Unknown field(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; the body is {{\"parameters\": {{\"name\": value, \"node\": {{\"name\": value}}}}}}."));
        }

        return body.GetValueOrDefault("parameters") switch
        {
            null => (new Dictionary<string, object?>(StringComparer.Ordinal), null),
            Dictionary<string, object?> map => (map, null),
            var other => (null, Problems.InvalidBody($"'parameters' must be a JSON object of parameter values, not {ValueConverter.Describe(other)}.")),
        };
    }
}
