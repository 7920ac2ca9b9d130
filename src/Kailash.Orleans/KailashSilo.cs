using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kailash.Orleans;

/// <summary>
/// What Kailash keeps per silo: the registry workflows load with, the runtime (one engine) the run grains drive, and
/// the workflows loaded from documents (cached by document, so a run's steps load their workflow once per silo).
/// </summary>
internal sealed class KailashSilo : IAsyncDisposable
{
    private const int MaxCachedWorkflows = 256;
    private readonly ConcurrentDictionary<string, Lazy<Workflow>> _workflows = new(StringComparer.Ordinal);

    public KailashSilo(IOptions<KailashSiloOptions> options, IServiceProvider services)
    {
        Options = options.Value;
        Options.Validate();
        if (Options.Runtime.Services is null && !Options.Runtime.IsReadOnly)
        {
            // Nodes reach the silo's services (NodeContext.Services) unless the application gave its own.
            Options.Runtime.Services = services;
        }

        Registry = Options.Registry ?? NodeRegistry.BuiltIn;
        Runtime = new AsyncLocalRuntime(Options.Runtime);
        LoggerFactory = Runtime.Options.LoggerFactory;
    }

    public KailashSiloOptions Options { get; }

    public NodeRegistry Registry { get; }

    public AsyncLocalRuntime Runtime { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Loads a workflow from its document with the silo's registry (cached by document text).</summary>
    /// <exception cref="KailashException">The document does not load here (<see cref="ErrorCodes.ClusterWorkflowNotPortable"/>).</exception>
    public Workflow Load(string document)
    {
        if (_workflows.Count > MaxCachedWorkflows)
        {
            _workflows.Clear();
        }

        var entry = _workflows.GetOrAdd(document, static (text, registry) => new Lazy<Workflow>(() => LoadCore(text, registry)), Registry);
        try
        {
            return entry.Value;
        }
        catch
        {
            _workflows.TryRemove(document, out _);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    private static Workflow LoadCore(string document, NodeRegistry registry)
    {
        try
        {
            return WorkflowSerializer.LoadJson(document, registry, "cluster run");
        }
        catch (Exception ex) when (ex is WorkflowValidationException or KailashException)
        {
            throw new KailashException(
                ErrorCodes.ClusterWorkflowNotPortable,
                $"The workflow cannot be loaded on this silo from its document: {ex.Message} Please register every node type the workflow uses on every silo (siloBuilder.AddKailash(o => o.Registry = ...)), and build nodes from registered types rather than delegates.",
                (ex as KailashException)?.NodeId,
                null,
                ex);
        }
    }
}
