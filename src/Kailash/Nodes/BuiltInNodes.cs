using Kailash.Nodes.AI;
using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Nodes.Files;
using Kailash.Nodes.Http;
using Kailash.Nodes.Logic;
using Kailash.Nodes.Sql;

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
        registry.Register<SignalWaitNode>();
        registry.Register<Transform.FilterNode>();
        registry.Register<Transform.Map>();
        registry.Register<Transform.Sort>();
        registry.Register<Transform.DataTransformer>();
        registry.Register<ConvergenceCheckerNode>();
        registry.Register<WorkflowNode>();
        registry.Register<CSharpCodeNode>();
        registry.Register<PythonCodeNode>();
        RegisterIo(registry);
    }

    /// <summary>Files, HTTP, SQL and AI (the I/O catalogue).</summary>
    private static void RegisterIo(NodeRegistry registry)
    {
        registry.Register<CSVReaderNode>();
        registry.Register<CSVWriterNode>();
        registry.Register<JSONReaderNode>();
        registry.Register<JSONWriterNode>();
        registry.Register<TextReaderNode>();
        registry.Register<TextWriterNode>();
        registry.Register<DirectoryReaderNode>();
        registry.Register<HTTPRequestNode>();
        registry.Register<RESTClientNode>();
        registry.Register<SQLDatabaseNode>();
        registry.Register<LLMAgentNode>();
        registry.Register<EmbeddingGeneratorNode>();
    }
}
