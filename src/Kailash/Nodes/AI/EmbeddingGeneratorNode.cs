using System.Globalization;
using Microsoft.Extensions.AI;

namespace Kailash.Nodes.AI;

/// <summary>
/// Turns texts into vectors (Kailash <c>EmbeddingGeneratorNode</c>) through Microsoft.Extensions.AI
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: <c>input_text</c> (one text) or <c>input_texts</c> (a list),
/// <c>model</c>, <c>provider</c> → <c>embeddings</c> (one list of numbers per text), <c>dimensions</c>, <c>usage</c>.
/// </summary>
public sealed class EmbeddingGeneratorNode : DeclaredAsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("input_text", typeof(string)) { Default = null, HasDefault = true, Description = "One text to embed." },
        new("input_texts", typeof(IReadOnlyList<object?>)) { Default = null, HasDefault = true, Description = "Several texts to embed, in order." },
        new("model", typeof(string)) { Default = null, HasDefault = true, Description = "The embedding model id; the generator's default when empty." },
        new("provider", typeof(string)) { Default = null, HasDefault = true, Description = "A keyed IEmbeddingGenerator registered under this name; the default when empty." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["embeddings", "dimensions", "usage"];

    /// <summary>Initializes a new instance of the <see cref="EmbeddingGeneratorNode"/> class.</summary>
    public EmbeddingGeneratorNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var texts = new List<string>();
        if (inputs.GetOrDefault<string?>("input_text", null) is { } one)
        {
            texts.Add(one);
        }

        texts.AddRange((inputs.GetOrDefault<IReadOnlyList<object?>?>("input_texts", null) ?? []).Select(t => Convert.ToString(t, CultureInfo.InvariantCulture) ?? string.Empty));
        if (texts.Count == 0)
        {
            throw new KailashException(ErrorCodes.MissingInput, $"Node '{context.NodeId}': nothing to embed. Please give 'input_text' or 'input_texts'.", context.NodeId, "input_text");
        }

        var generator = AiSupport.Resolve<IEmbeddingGenerator<string, Embedding<float>>>(context, inputs.GetOrDefault<string?>("provider", null), "embedding generator (IEmbeddingGenerator<string, Embedding<float>>)");
        var model = inputs.GetOrDefault<string?>("model", null);
        GeneratedEmbeddings<Embedding<float>> generated;
        try
        {
            generated = await generator.GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = string.IsNullOrEmpty(model) ? null : model }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AiSupport.IsProviderFailure(ex))
        {
            throw AiSupport.Failed(context, ex);
        }

        if (generated.Count != texts.Count)
        {
            throw AiSupport.Failed(context, new InvalidOperationException($"{texts.Count} text(s) were sent but {generated.Count} embedding(s) came back"));
        }

        var vectors = generated.Select(e => (object?)e.Vector.ToArray().Select(v => (object?)(double)v).ToList()).ToList();
        return new Dictionary<string, object?>(3)
        {
            ["embeddings"] = vectors,
            ["dimensions"] = (long)(generated.Count > 0 ? generated[0].Vector.Length : 0),
            ["usage"] = AiSupport.Usage(generated.Usage),
        };
    }
}
