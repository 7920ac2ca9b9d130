using Microsoft.Extensions.AI;

namespace Kailash.Nodes.AI;

/// <summary>Finds the application's AI services for a node: a keyed service when the node names a provider, else the default.</summary>
internal static class AiSupport
{
    public static T Resolve<T>(NodeContext context, string? provider, string what)
        where T : class
    {
        var services = context.Services;
        T? found = null;
        if (services is not null && !string.IsNullOrEmpty(provider) && services is Microsoft.Extensions.DependencyInjection.IKeyedServiceProvider keyed)
        {
            found = keyed.GetKeyedService(typeof(T), provider) as T;
        }

        found ??= services?.GetService(typeof(T)) as T;
        return found ?? throw new KailashException(
            ErrorCodes.AiProviderMissing,
            $"Node '{context.NodeId}': no {what} is configured{(string.IsNullOrEmpty(provider) ? string.Empty : $" for provider '{provider}'")}. Please register one (RuntimeOptions.Services, services.AddChatClient(…)) or set the 'ai' section of kailash.json.",
            context.NodeId,
            "provider");
    }

    public static KailashException Failed(NodeContext context, Exception ex)
        => new(ErrorCodes.AiRequestFailed, $"Node '{context.NodeId}': the AI provider failed: {ex.Message}", context.NodeId, null, ex);

    public static bool IsProviderFailure(Exception ex) => ex is HttpRequestException or InvalidOperationException or NotSupportedException or System.Text.Json.JsonException or IOException;

    public static Dictionary<string, object?> Usage(UsageDetails? usage) => new(StringComparer.Ordinal)
    {
        ["prompt_tokens"] = usage?.InputTokenCount,
        ["completion_tokens"] = usage?.OutputTokenCount,
        ["total_tokens"] = usage?.TotalTokenCount,
    };
}
