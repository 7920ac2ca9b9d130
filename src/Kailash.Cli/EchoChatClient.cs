using Microsoft.Extensions.AI;

namespace Kailash.Cli;

/// <summary>
/// The offline <c>echo</c> chat provider: answers with a fixed, deterministic transformation of the last user message
/// ("summary: " + its first sentence), so workflows with AI steps run in tests and demos without a network.
/// </summary>
internal sealed class EchoChatClient : IChatClient
{
    private readonly string _model;

    public EchoChatClient(string model) => _model = model;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var last = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var sentence = System.Text.RegularExpressions.Regex.Split(last.Trim(), @"(?<=[.!?])\s+|\n", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))[0].Trim();
        var words = list.Sum(m => m.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var reply = new ChatResponse(new ChatMessage(ChatRole.Assistant, "summary: " + sentence))
        {
            ModelId = options?.ModelId ?? _model,
            FinishReason = ChatFinishReason.Stop,
            ResponseId = "echo",
            Usage = new UsageDetails { InputTokenCount = words, OutputTokenCount = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 1, TotalTokenCount = words + sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 1 },
        };
        return Task.FromResult(reply);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
