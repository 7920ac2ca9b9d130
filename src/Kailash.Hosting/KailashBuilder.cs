using System.Reflection;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Kailash.Hosting;

/// <summary>Configures Kailash in a service collection; passed to the callback of <c>services.AddKailash(builder => …)</c>.</summary>
public sealed class KailashBuilder
{
    private readonly KailashSetup _setup;

    internal KailashBuilder(IServiceCollection services, KailashSetup setup)
    {
        Services = services;
        _setup = setup;
    }

    /// <summary>Gets the service collection Kailash is added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a node type; each node a workflow places is created through the container, so its constructor may take
    /// registered services (singletons, or <see cref="IServiceScopeFactory"/> for scoped ones).
    /// </summary>
    /// <typeparam name="TNode">The node type.</typeparam>
    /// <param name="typeName">The name workflow files use; defaults to the class name.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder AddNode<TNode>(string? typeName = null)
        where TNode : Node
    {
        _setup.NodeTypes.Add((typeName, typeof(TNode)));
        return this;
    }

    /// <summary>Registers every public, concrete <see cref="Node"/> type of an assembly under its class name (created through the container).</summary>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder AddNodesFromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in ContainerNodeRegistry.NodeTypesIn(assembly))
        {
            _setup.NodeTypes.Add((null, type));
        }

        return this;
    }

    /// <summary>Serves a workflow built in code (under its id).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder AddWorkflow(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        _setup.Workflows.Add(_ => workflow);
        return this;
    }

    /// <summary>Serves a workflow built from container services (for example with the container's <see cref="NodeRegistry"/>).</summary>
    /// <param name="factory">Builds the workflow once, when the catalogue is first used.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder AddWorkflow(Func<IServiceProvider, Workflow> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _setup.Workflows.Add(factory);
        return this;
    }

    /// <summary>Serves every workflow file (.json, .yaml, .yml) of a folder, besides <see cref="KailashOptions.WorkflowsDirectory"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder AddWorkflowsFrom(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _setup.WorkflowDirectories.Add(directory);
        return this;
    }

    /// <summary>Changes the runtime options in code, after configuration and container services were applied.</summary>
    /// <param name="configure">Receives the container and the options both runtimes will get.</param>
    /// <returns>This builder.</returns>
    public KailashBuilder ConfigureRuntime(Action<IServiceProvider, RuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _setup.RuntimeConfigurations.Add(configure);
        return this;
    }

    /// <summary>Registers the secret provider the runtimes use (instead of the <see cref="KailashOptions.Secrets"/> setting).</summary>
    /// <typeparam name="TProvider">The provider type, created by the container.</typeparam>
    /// <returns>This builder.</returns>
    public KailashBuilder UseSecretProvider<TProvider>()
        where TProvider : class, ISecretProvider
    {
        Services.AddSingleton<ISecretProvider, TProvider>();
        return this;
    }

    /// <summary>Registers the access policy asked before every run.</summary>
    /// <typeparam name="TPolicy">The policy type, created by the container.</typeparam>
    /// <returns>This builder.</returns>
    public KailashBuilder UseAccessPolicy<TPolicy>()
        where TPolicy : class, IWorkflowAccessPolicy
    {
        Services.AddSingleton<IWorkflowAccessPolicy, TPolicy>();
        return this;
    }
}
