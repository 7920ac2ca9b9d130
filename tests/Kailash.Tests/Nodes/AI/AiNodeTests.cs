using Kailash.Security;
using Microsoft.Extensions.AI;

namespace Kailash.Tests.Nodes.AI;

public sealed class AiNodeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LlmAgent_SendsSystemMessagesAndPrompt_AndReportsTheAnswer(bool async)
    {
        var client = new FakeChatClient("Short answer.");
        var outputs = NodeRunner.Outputs("LLMAgentNode", new()
        {
            ["system_prompt"] = "Be brief.",
            ["messages"] = new List<object?> { new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "Hello." } },
            ["prompt"] = "Summarise this.",
            ["model"] = "m-1",
            ["generation_config"] = new Dictionary<string, object?> { ["temperature"] = 0.2, ["max_tokens"] = 50L },
        }, WorkflowPermissions.Default, async, new Services(client));

        Assert.True((bool)outputs["success"]!);
        var response = (IReadOnlyDictionary<string, object?>)outputs["response"]!;
        Assert.Equal("Short answer.", response["content"]);
        Assert.Equal("m-1", response["model"]);
        Assert.Equal(12L, ((IReadOnlyDictionary<string, object?>)outputs["usage"]!)["total_tokens"]);
        var sent = Assert.Single(client.Calls);
        Assert.Equal(["system", "assistant", "user"], sent.Messages.Select(m => m.Role.Value));
        Assert.Equal("Summarise this.", sent.Messages[^1].Text);
        Assert.Equal(0.2f, sent.Options!.Temperature);
        Assert.Equal(50, sent.Options.MaxOutputTokens);
    }

    [Fact]
    public void LlmAgent_WithoutAClient_IsACodedError()
        => Assert.Equal(ErrorCodes.AiProviderMissing, NodeRunner.Failure("LLMAgentNode", new() { ["prompt"] = "hi" }, WorkflowPermissions.Default).Code);

    [Fact]
    public void LlmAgent_ProviderFailure_IsACodedError()
    {
        var ex = NodeRunner.Failure("LLMAgentNode", new() { ["prompt"] = "hi" }, WorkflowPermissions.Default, new Services(new FakeChatClient(null)));
        Assert.Equal(ErrorCodes.AiRequestFailed, ex.Code);
    }

    [Fact]
    public void LlmAgent_UnknownGenerationSetting_IsACodedError()
    {
        var ex = NodeRunner.Failure("LLMAgentNode", new() { ["prompt"] = "hi", ["generation_config"] = new Dictionary<string, object?> { ["temprature"] = 1.0 } }, WorkflowPermissions.Default, new Services(new FakeChatClient("x")));
        Assert.Equal(ErrorCodes.InvalidNodeConfig, ex.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Embeddings_OnePerText_InOrder(bool async)
    {
        var outputs = NodeRunner.Outputs("EmbeddingGeneratorNode", new() { ["input_texts"] = new List<object?> { "ab", "abc" } }, WorkflowPermissions.Default, async, new Services(new FakeChatClient("x")));

        var vectors = (List<object?>)outputs["embeddings"]!;
        Assert.Equal(2, vectors.Count);
        Assert.Equal(new List<object?> { 2.0, 1.0 }, vectors[0]);
        Assert.Equal(new List<object?> { 3.0, 1.0 }, vectors[1]);
        Assert.Equal(2L, outputs["dimensions"]);
    }

    private sealed class Services(FakeChatClient client) : IServiceProvider
    {
        public object? GetService(Type serviceType)
            => serviceType == typeof(IChatClient) ? client
                : serviceType == typeof(IEmbeddingGenerator<string, Embedding<float>>) ? new LengthEmbeddings()
                : null;
    }

    private sealed class FakeChatClient(string? answer) : IChatClient
    {
        public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add(([.. messages], options));
            return answer is null
                ? throw new HttpRequestException("provider down")
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = options?.ModelId, Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2, TotalTokenCount = 12 } });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>[length, 1] for each text.</summary>
    private sealed class LengthEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(new[] { (float)v.Length, 1f }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
