using Microsoft.Extensions.AI;

namespace Kailash.Cli;

/// <summary>The offline <c>echo</c> embedding provider: 8 numbers per text derived from its characters (deterministic, no network).</summary>
internal sealed class EchoEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int Dimensions = 8;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            var vector = new float[Dimensions];
            for (var i = 0; i < text.Length; i++)
            {
                vector[i % Dimensions] += text[i] / 128f;
            }

            result.Add(new Embedding<float>(vector) { ModelId = options?.ModelId ?? "echo" });
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
