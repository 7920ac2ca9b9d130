using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Nodes.Logic;

namespace Kailash.Nodes;

/// <summary>The node types every default registry holds.</summary>
internal static class BuiltInNodes
{
    public static void RegisterAll(NodeRegistry registry)
    {
        registry.Register<PassThroughNode>();
        registry.Register<ExpressionNode>();
        registry.Register<SwitchNode>();
        registry.Register<MergeNode>();
        registry.Register<Transform.FilterNode>();
        registry.Register<Transform.Map>();
        registry.Register<Transform.Sort>();
        registry.Register<Transform.DataTransformer>();
        registry.Register<ConvergenceCheckerNode>();
        registry.Register<WorkflowNode>();
        registry.Register<CSharpCodeNode>();
        registry.Register<PythonCodeNode>();
    }
}
