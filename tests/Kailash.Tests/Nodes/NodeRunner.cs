using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes;

/// <summary>Runs one catalogue node in a one-node workflow on either runtime, with the given permissions and services.</summary>
internal static class NodeRunner
{
    public static WorkflowRunResult Run(string typeName, Dictionary<string, object?> config, WorkflowPermissions permissions, bool async = false, IServiceProvider? services = null, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = permissions;
        var workflow = new WorkflowBuilder("test", registry).AddNode(typeName, "node", config).Build();
        var options = new RuntimeOptions { Services = services };
        if (async)
        {
            using var runtime = new AsyncLocalRuntime(options);
            return runtime.ExecuteAsync(workflow, parameters, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        }

        using var sync = new LocalRuntime(options);
        return sync.Execute(workflow, parameters, TestContext.Current.CancellationToken);
    }

    public static IReadOnlyDictionary<string, object?> Outputs(string typeName, Dictionary<string, object?> config, WorkflowPermissions permissions, bool async = false, IServiceProvider? services = null)
        => Run(typeName, config, permissions, async, services)["node"].Outputs!;

    /// <summary>Runs a node expected to fail and returns the coded error.</summary>
    public static KailashException Failure(string typeName, Dictionary<string, object?> config, WorkflowPermissions permissions, IServiceProvider? services = null, IReadOnlyDictionary<string, object?>? parameters = null)
        => Assert.Throws<WorkflowExecutionException>(() => Run(typeName, config, permissions, services: services, parameters: parameters));
}
