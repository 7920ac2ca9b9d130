using Kailash.Runtime.Parameters;
using Microsoft.Extensions.AI;

namespace Kailash.Cli;

/// <summary>
/// The services behind the <c>ai</c> section of <c>kailash.json</c>: an <see cref="IChatClient"/> and an embedding generator
/// for <c>LLMAgentNode</c> and <c>EmbeddingGeneratorNode</c>. <c>echo</c> answers offline (tests, demos);
/// <c>openai</c> speaks the OpenAI-compatible HTTP API (OpenAI, Ollama at http://localhost:11434/v1, vLLM, LM Studio…).
/// </summary>
internal sealed class AiServices : IServiceProvider
{
    private readonly IChatClient _chat;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;

    private AiServices(IChatClient chat, IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        _chat = chat;
        _embeddings = embeddings;
    }

    public static AiServices Create(CliConfig.AiSettings settings, ISecretProvider? secrets)
    {
        if (settings.Provider == "echo")
        {
            return new AiServices(new EchoChatClient(settings.Model ?? "echo"), new EchoEmbeddingGenerator());
        }

        string? key = null;
        if (settings.ApiKeySecret is { } name)
        {
            key = secrets?.GetSecretAsync(name, CancellationToken.None).AsTask().GetAwaiter().GetResult()
                ?? throw new CliInputException(ErrorCodes.MissingSecret, $"{ErrorCodes.MissingSecret}: The AI provider's API key secret '{name}' is not set. Please set the environment variable {name} (or KAILASH_SECRET_{name}).");
        }

        var client = new OpenAiCompatibleClient(new Uri(settings.Endpoint!.TrimEnd('/') + "/"), key, settings.Model, settings.EmbeddingModel);
        return new AiServices(client, client);
    }

    public object? GetService(Type serviceType)
        => serviceType == typeof(IChatClient) ? _chat
            : serviceType == typeof(IEmbeddingGenerator<string, Embedding<float>>) ? _embeddings
            : null;
}
