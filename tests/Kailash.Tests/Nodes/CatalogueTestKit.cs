using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes;

/// <summary>Runs one node of the catalogue in a one-node workflow, on LocalRuntime.</summary>
internal static class CatalogueTestKit
{
    public static NodeRegistry Registry(bool allowCode = false, params string[] fileRoots)
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = new WorkflowPermissions { AllowCode = allowCode, FileRoots = fileRoots };
        return registry;
    }

    public static IReadOnlyDictionary<string, object?> RunOne(string type, Dictionary<string, object?> config, NodeRegistry? registry = null, Dictionary<string, object?>? parameters = null)
    {
        var workflow = new WorkflowBuilder("one", registry ?? NodeRegistry.BuiltIn).AddNode(type, "node", config).Build();
        using var runtime = new LocalRuntime();
        return runtime.Execute(workflow, parameters, cancellationToken: TestContext.Current.CancellationToken)["node"].Outputs;
    }

    public static KailashException RunFails(string type, Dictionary<string, object?> config, NodeRegistry? registry = null)
    {
        var ex = Assert.Throws<WorkflowExecutionException>(() => RunOne(type, config, registry));
        return Assert.IsAssignableFrom<KailashException>(ex.InnerException);
    }

    public static WorkflowError BuildFails(string type, Dictionary<string, object?> config, NodeRegistry? registry = null)
    {
        var ex = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("one", registry ?? NodeRegistry.BuiltIn).AddNode(type, "node", config).Build());
        return Assert.Single(ex.Errors);
    }

    public static List<object?> Rows(params (string Name, long Age, string City)[] rows)
        => [.. rows.Select(r => (object?)new Dictionary<string, object?> { ["name"] = r.Name, ["age"] = r.Age, ["city"] = r.City })];
}
