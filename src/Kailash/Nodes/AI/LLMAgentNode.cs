using System.Collections;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Kailash.Nodes.AI;

/// <summary>
/// Asks a chat model (Kailash <c>LLMAgentNode</c>) through Microsoft.Extensions.AI <see cref="IChatClient"/>: <c>prompt</c>
/// and/or <c>messages</c> (<c>{role, content}</c> maps), <c>system_prompt</c>, <c>model</c>, <c>provider</c>,
/// <c>generation_config</c> (<c>temperature</c>, <c>max_tokens</c>, <c>top_p</c>) → <c>success</c>, <c>response</c>
/// (<c>content</c>, <c>role</c>, <c>model</c>, <c>finish_reason</c>), <c>usage</c> (token counts), <c>metadata</c>.
/// </summary>
/// <remarks>
/// The chat client comes from the application (<c>RuntimeOptions.Services</c>; a keyed client when <c>provider</c> names
/// one) or from the <c>ai</c> section of <c>kailash.json</c>: OpenAI-compatible endpoints (OpenAI, Ollama, vLLM…) or the
/// offline <c>echo</c> provider. A provider failure fails the node (<c>KWF111</c>) so retry policies and error policies apply.
/// </remarks>
public sealed class LLMAgentNode : DeclaredAsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("prompt", typeof(string)) { Default = null, HasDefault = true, Description = "A user message appended after messages." },
        new("messages", typeof(IReadOnlyList<object?>)) { Default = null, HasDefault = true, Description = "The conversation: maps with role (system, user, assistant) and content." },
        new("system_prompt", typeof(string)) { Default = null, HasDefault = true, Description = "Instructions sent first, as a system message." },
        new("model", typeof(string)) { Default = null, HasDefault = true, Description = "The model id; the client's default when empty." },
        new("provider", typeof(string)) { Default = null, HasDefault = true, Description = "A keyed IChatClient registered under this name; the default client when empty." },
        new("generation_config", typeof(IReadOnlyDictionary<string, object?>)) { Default = null, HasDefault = true, Description = "temperature, max_tokens, top_p, stop (list)." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["success", "response", "usage", "metadata"];

    /// <summary>Initializes a new instance of the <see cref="LLMAgentNode"/> class.</summary>
    public LLMAgentNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var messages = Messages(inputs, context);
        var options = Options(inputs.GetOrDefault<string?>("model", null), inputs.GetOrDefault<IReadOnlyDictionary<string, object?>?>("generation_config", null), context);
        var client = AiSupport.Resolve<IChatClient>(context, inputs.GetOrDefault<string?>("provider", null), "chat client (IChatClient)");
        ChatResponse reply;
        try
        {
            reply = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AiSupport.IsProviderFailure(ex))
        {
            throw AiSupport.Failed(context, ex);
        }

        var response = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["content"] = reply.Text,
            ["role"] = reply.Messages.LastOrDefault()?.Role.Value ?? ChatRole.Assistant.Value,
            ["model"] = reply.ModelId ?? options.ModelId,
            ["finish_reason"] = reply.FinishReason?.Value,
        };
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["message_count"] = (long)messages.Count,
            ["response_id"] = reply.ResponseId,
        };
        return new Dictionary<string, object?>(4) { ["success"] = true, ["response"] = response, ["usage"] = AiSupport.Usage(reply.Usage), ["metadata"] = metadata };
    }

    private static List<ChatMessage> Messages(NodeInputs inputs, NodeContext context)
    {
        var messages = new List<ChatMessage>();
        if (inputs.GetOrDefault<string?>("system_prompt", null) is { Length: > 0 } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        foreach (var item in inputs.GetOrDefault<IReadOnlyList<object?>?>("messages", null) ?? [])
        {
            messages.Add(item switch
            {
                string text => new ChatMessage(ChatRole.User, text),
                IReadOnlyDictionary<string, object?> map when map.TryGetValue("content", out var content) =>
                    new ChatMessage(new ChatRole(map.TryGetValue("role", out var role) && role is string name ? name : ChatRole.User.Value), Convert.ToString(content, CultureInfo.InvariantCulture)),
                _ => throw new KailashException(ErrorCodes.ConnectionContractViolation, $"Node '{context.NodeId}': every item of 'messages' must be a string or a map with 'role' and 'content'.", context.NodeId, "messages"),
            });
        }

        if (inputs.GetOrDefault<object?>("prompt", null) is { } prompt)
        {
            messages.Add(new ChatMessage(ChatRole.User, prompt as string ?? Files.JsonValuesText.Of(prompt)));
        }

        return messages.Any(m => m.Role != ChatRole.System)
            ? messages
            : throw new KailashException(ErrorCodes.MissingInput, $"Node '{context.NodeId}': nothing to ask. Please give 'prompt' or 'messages'.", context.NodeId, "prompt");
    }

    private static ChatOptions Options(string? model, IReadOnlyDictionary<string, object?>? config, NodeContext context)
    {
        var options = new ChatOptions { ModelId = string.IsNullOrEmpty(model) ? null : model };
        foreach (var (key, value) in config ?? new Dictionary<string, object?>())
        {
            try
            {
                switch (key)
                {
                    case "temperature":
                        options.Temperature = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                        break;
                    case "max_tokens":
                        options.MaxOutputTokens = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                        break;
                    case "top_p":
                        options.TopP = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                        break;
                    case "stop" when value is IEnumerable stops and not string:
                        options.StopSequences = [.. stops.Cast<object?>().Select(s => Convert.ToString(s, CultureInfo.InvariantCulture) ?? string.Empty)];
                        break;
                    default:
                        throw new FormatException($"unknown setting '{key}' (known: temperature, max_tokens, top_p, stop)");
                }
            }
            catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
            {
                throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': generation_config: {ex.Message}.", context.NodeId, "generation_config");
            }
        }

        return options;
    }
}
