using System.Net;
using System.Text.Json;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>Reads API responses: JSON bodies, problem details with their KWF code, Server-Sent Events.</summary>
internal static class ApiAssertions
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.StartsWith(code, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>Reads a whole Server-Sent Events stream (it ends when the run has finished): (id, event, data) per event.</summary>
    public static async Task<List<(long Id, string Type, JsonElement Data)>> ReadEventsAsync(HttpClient client, string url, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var events = new List<(long, string, JsonElement)>();
        await foreach (var item in SseAsync(reader))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>Reads Server-Sent Events as they arrive: (id — 0 when the event has none —, event type, JSON data).</summary>
    public static async IAsyncEnumerable<(long Id, string Type, JsonElement Data)> SseAsync(StreamReader reader)
    {
        long? currentId = null;
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    using var document = JsonDocument.Parse(data);
                    yield return (currentId ?? 0, type ?? "message", document.RootElement.Clone());
                }

                currentId = null;
                type = data = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart();
            switch (field)
            {
                case "id": currentId = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
    }
}
