namespace Kailash.Workflows.Serialization;

/// <summary>The field names of the workflow file format (Kailash's <c>Workflow.to_dict()</c> shape plus the aliases it accepts).</summary>
internal static class WorkflowFileFields
{
    public const string WorkflowId = "workflow_id";
    public const string Name = "name";
    public const string Description = "description";
    public const string Version = "version";
    public const string Metadata = "metadata";
    public const string Nodes = "nodes";
    public const string Connections = "connections";
    public const string Cycles = "cycles";

    public const string Id = "id";
    public const string NodeId = "node_id";
    public const string NodeType = "node_type";
    public const string Type = "type";
    public const string Config = "config";
    public const string Parameters = "parameters";

    public const string SourceNode = "source_node";
    public const string SourceOutput = "source_output";
    public const string TargetNode = "target_node";
    public const string TargetInput = "target_input";
    public const string FromNode = "from_node";
    public const string FromOutput = "from_output";
    public const string ToNode = "to_node";
    public const string ToInput = "to_input";
    public const string From = "from";
    public const string To = "to";

    public const string Cycle = "cycle";
    public const string CycleId = "cycle_id";
    public const string MaxIterations = "max_iterations";
    public const string ConvergenceCheck = "convergence_check";
    public const string ConvergeWhen = "converge_when";
    public const string Timeout = "timeout";
    public const string TimeoutSeconds = "timeout_seconds";

    /// <summary>The keys of the top level a file may carry (other keys are kept; one a typo away from these is an error).</summary>
    public static readonly string[] TopLevelKeys = [WorkflowId, Name, Description, Version, Metadata, Nodes, Connections, Cycles];

    /// <summary>The names of a listed node's id, in the order they are looked for.</summary>
    public static readonly string[] NodeIdNames = [Id, NodeId];

    /// <summary>The names of a node's type (the first is canonical).</summary>
    public static readonly string[] NodeTypeNames = [NodeType, Type];

    /// <summary>The names of a node's settings (the first is canonical).</summary>
    public static readonly string[] NodeConfigNames = [Config, Parameters];

    /// <summary>The names of a connection's source node (the first is canonical).</summary>
    public static readonly string[] SourceNodeNames = [SourceNode, FromNode, From];

    /// <summary>The names of a connection's source output.</summary>
    public static readonly string[] SourceOutputNames = [SourceOutput, FromOutput];

    /// <summary>The names of a connection's target node.</summary>
    public static readonly string[] TargetNodeNames = [TargetNode, ToNode, To];

    /// <summary>The names of a connection's target input.</summary>
    public static readonly string[] TargetInputNames = [TargetInput, ToInput];

    /// <summary>The settings an inline cycle edge (<c>"cycle": true</c> in <c>connections</c>) may carry besides its endpoints.</summary>
    public static readonly string[] InlineCycleKeys = [Cycle, CycleId, MaxIterations, ConvergenceCheck, Timeout];

    /// <summary>The keys of an entry of the <c>cycles</c> list.</summary>
    public static readonly string[] CycleKeys = [CycleId, Connections, MaxIterations, ConvergeWhen, ConvergenceCheck, TimeoutSeconds, Timeout];

    /// <summary>The cycle id used for inline cycle edges that carry no <c>cycle_id</c>.</summary>
    public const string DefaultCycleId = "default";

    /// <summary>The ports the short connection form <c>{"from": "a", "to": "b"}</c> uses.</summary>
    public const string DefaultOutput = "result";

    /// <summary>The input the short connection form binds to.</summary>
    public const string DefaultInput = "input";
}
