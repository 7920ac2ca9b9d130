using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
    private readonly ConcurrentDictionary<string, Workflow> _byKey = new(StringComparer.Ordinal);
    private readonly SiloRunStore? _store;

    public KailashSilo(IOptions<KailashSiloOptions> options, IServiceProvider services)
    {
        Options = options.Value;
        Options.Validate();
        if (Options.Runtime.Services is null && !Options.Runtime.IsReadOnly)
        {
            // Nodes reach the silo's services (NodeContext.Services) unless the application gave its own.
            Options.Runtime.Services = services;
        }

        if (Options.Runtime.RunStore is { } store && !Options.Runtime.IsReadOnly)
        {
            // A stopping silo writes nothing more to the store, so its runs stay resumable (see SiloRunStore).
            _store = new SiloRunStore(store);
            Options.Runtime.RunStore = _store;

        }

        // As soon as the silo starts stopping (before its messaging goes down), its runs stop writing: calls failing then must not fail them.
        if (services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) is Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime)
        {
            lifetime.ApplicationStopping.Register(() =>
            {
                IsStopping = true;
                _store?.Stop();
            });
        }

        Registry = Options.Registry ?? NodeRegistry.BuiltIn;
        Runtime = new AsyncLocalRuntime(Options.Runtime);
        LoggerFactory = Runtime.Options.LoggerFactory;
    }

    public KailashSiloOptions Options { get; }

    public NodeRegistry Registry { get; }

    public AsyncLocalRuntime Runtime { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Gets a value indicating whether the silo is stopping: a run ending now ended because of that, and is not reported as its outcome.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>The key a workflow document is kept under on every silo (its SHA-256), so steps need not carry the document.</summary>
    public static string KeyOf(string document) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>The workflow this silo loaded under <paramref name="key"/>, if it still holds it.</summary>
    public Workflow? Cached(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Keeps a workflow this silo coordinates under its key, so its steps placed here need not carry the document.</summary>
    public void Remember(string key, Workflow workflow) => _byKey[key] = workflow;

    /// <summary>Loads a workflow from its document with the silo's registry (cached by document text, and under <paramref name="key"/> when given).</summary>
    /// <exception cref="KailashException">The document does not load here (<see cref="ErrorCodes.ClusterWorkflowNotPortable"/>).</exception>
    public Workflow Load(string document, string? key = null)
    {
        if (_workflows.Count > MaxCachedWorkflows || _byKey.Count > MaxCachedWorkflows)
        {
            _workflows.Clear();
            _byKey.Clear();
        }

        var entry = _workflows.GetOrAdd(document, static (text, registry) => new Lazy<Workflow>(() => LoadCore(text, registry)), Registry);
        try
        {
            var workflow = entry.Value;
            if (key is not null)
            {
                _byKey[key] = workflow;
            }

            return workflow;
        }
        catch
        {
            _workflows.TryRemove(document, out _);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _store?.Stop();
        return Runtime.DisposeAsync();
    }

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
