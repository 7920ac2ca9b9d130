using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Kailash.Cli;

/// <summary>
/// A small client for the OpenAI-compatible HTTP API (<c>POST {endpoint}chat/completions</c> and <c>embeddings</c>), which
/// OpenAI, Ollama (<c>http://localhost:11434/v1</c>), vLLM and LM Studio all serve. Only what the AI nodes use: text
/// messages, model, temperature, max tokens, top-p, stop sequences, token usage.
/// </summary>
internal sealed class OpenAiCompatibleClient : IChatClient, IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly string? _model;
    private readonly string? _embeddingModel;

    public OpenAiCompatibleClient(Uri endpoint, string? apiKey, string? model, string? embeddingModel, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = endpoint;
        _http.Timeout = TimeSpan.FromMinutes(5);
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        _model = model;
        _embeddingModel = embeddingModel ?? model;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? _model ?? throw new InvalidOperationException("no model: set ai.model in kailash.json or the node's 'model'"),
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text })]),
        };
        if (options?.Temperature is { } temperature)
        {
            body["temperature"] = temperature;
        }

        if (options?.MaxOutputTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        if (options?.TopP is { } topP)
        {
            body["top_p"] = topP;
        }

        if (options?.StopSequences is { Count: > 0 } stops)
        {
            body["stop"] = new JsonArray([.. stops.Select(s => (JsonNode?)JsonValue.Create(s))]);
        }

        using var answer = await PostAsync("chat/completions", body, cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        var choice = root.GetProperty("choices")[0];
        var text = choice.GetProperty("message").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString() : string.Empty;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = root.TryGetProperty("model", out var model) ? model.GetString() : body["model"]!.GetValue<string>(),
            ResponseId = root.TryGetProperty("id", out var id) ? id.GetString() : null,
            FinishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String ? new ChatFinishReason(finish.GetString()!) : null,
            Usage = Usage(root),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? _embeddingModel ?? throw new InvalidOperationException("no embedding model: set ai.embedding_model in kailash.json or the node's 'model'"),
            ["input"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
        };
        using var answer = await PostAsync("embeddings", body, cancellationToken).ConfigureAwait(false);
        var result = new GeneratedEmbeddings<Embedding<float>>([.. answer.RootElement.GetProperty("data").EnumerateArray()
            .OrderBy(item => item.TryGetProperty("index", out var index) ? index.GetInt32() : 0)
            .Select(item => new Embedding<float>(item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()))])
        {
            Usage = Usage(answer.RootElement),
        };
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _http.Dispose();

    private static UsageDetails? Usage(JsonElement root)
        => root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new UsageDetails
            {
                InputTokenCount = usage.TryGetProperty("prompt_tokens", out var input) ? input.GetInt64() : null,
                OutputTokenCount = usage.TryGetProperty("completion_tokens", out var output) ? output.GetInt64() : null,
                TotalTokenCount = usage.TryGetProperty("total_tokens", out var total) ? total.GetInt64() : null,
            }
            : null;

    private async Task<JsonDocument> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase} from {_http.BaseAddress}{path}: {(text.Length > 300 ? text[..300] : text)}");
        }

        return JsonDocument.Parse(text);
    }
}
