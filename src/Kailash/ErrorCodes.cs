namespace Kailash;

/// <summary>
/// The stable error codes used by Kailash. Every error a user can see carries one of these codes,
/// so scripts and tests can rely on them while message texts evolve.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>Two nodes share one id.</summary>
    public const string DuplicateNodeId = "KWF001";

    /// <summary>A node type is not registered.</summary>
    public const string UnknownNodeType = "KWF002";

    /// <summary>A connection starts at a node that does not exist.</summary>
    public const string UnknownSourceNode = "KWF003";

    /// <summary>A connection ends at a node that does not exist.</summary>
    public const string UnknownTargetNode = "KWF004";

    /// <summary>A connection reads an output port the source node does not declare.</summary>
    public const string UnknownOutputPort = "KWF005";

    /// <summary>A connection writes into an input the target node does not declare.</summary>
    public const string UndeclaredInput = "KWF006";

    /// <summary>A required input can be supplied by no config, connection or workflow parameter.</summary>
    public const string MissingRequiredInput = "KWF007";

    /// <summary>Regular connections form a cycle that is not declared as a cycle.</summary>
    public const string UnmarkedCycle = "KWF008";

    /// <summary>The declared types at both ends of a connection are incompatible.</summary>
    public const string TypeMismatch = "KWF009";

    /// <summary>An expression has invalid syntax or uses an unknown function.</summary>
    public const string InvalidExpression = "KWF010";

    /// <summary>A node's configuration is invalid (for example an unknown operator).</summary>
    public const string InvalidNodeConfig = "KWF011";

    /// <summary>A cycle declaration is invalid.</summary>
    public const string InvalidCycle = "KWF012";

    /// <summary>A builder was used after <c>Build()</c>.</summary>
    public const string BuilderAlreadyBuilt = "KWF013";

    /// <summary>A workflow file is not well-formed JSON or YAML.</summary>
    public const string MalformedFile = "KWF020";

    /// <summary>A workflow file lacks a required field.</summary>
    public const string MissingField = "KWF021";

    /// <summary>A workflow file field has the wrong shape or type.</summary>
    public const string InvalidField = "KWF022";

    /// <summary>A workflow file could not be read.</summary>
    public const string FileNotReadable = "KWF023";

    /// <summary>A parameter key matches neither a node nor any declared parameter.</summary>
    public const string UnknownParameter = "KWF030";

    /// <summary>A <c>${name}</c> template names no workflow parameter.</summary>
    public const string UnresolvedTemplate = "KWF031";

    /// <summary>A value cannot be converted to the declared parameter type.</summary>
    public const string CoercionFailed = "KWF032";

    /// <summary>A secret a node needs is not available.</summary>
    public const string MissingSecret = "KWF033";

    /// <summary>A value is not one of the parameter's allowed choices.</summary>
    public const string InvalidChoice = "KWF034";

    /// <summary>Two live connections deliver a value into the same input.</summary>
    public const string ConflictingInputs = "KWF035";

    /// <summary>A dotted source path does not exist in the source node's output.</summary>
    public const string SourcePathNotFound = "KWF036";

    /// <summary>A node asked for an input it was not given.</summary>
    public const string MissingInput = "KWF037";

    /// <summary>A node failed while running.</summary>
    public const string NodeFailed = "KWF040";

    /// <summary>A value delivered into an input does not match its declared type.</summary>
    public const string ConnectionContractViolation = "KWF041";

    /// <summary>The run exceeded its global step budget.</summary>
    public const string StepBudgetExceeded = "KWF042";

    /// <summary>The access policy denied the run.</summary>
    public const string AccessDenied = "KWF043";

    /// <summary>The runtime rejected the run because a resource limit is reached.</summary>
    public const string ResourceLimitReached = "KWF044";

    /// <summary>Runtime options are invalid.</summary>
    public const string InvalidOptions = "KWF045";

    /// <summary>The run was cancelled.</summary>
    public const string Cancelled = "KWF046";

    /// <summary>An expression failed while being evaluated.</summary>
    public const string ExpressionEvaluationFailed = "KWF047";

    /// <summary>A cycle reached its iteration limit and the cycle is configured to fail on it.</summary>
    public const string CycleDidNotConverge = "KWF048";

    /// <summary>Warning: a node has no connections in a workflow of several nodes.</summary>
    public const string DisconnectedNode = "KWF050";

    /// <summary>Warning: a config key names no input the node declares.</summary>
    public const string UndeclaredConfigKey = "KWF051";

    /// <summary>Warning: the workflow is very large (see <c>RuntimeOptions.LargeWorkflowNodeCount</c>).</summary>
    public const string LargeWorkflow = "KWF052";

    /// <summary>A node exceeded its timeout (whole node or one attempt); the node fails (the run is not cancelled).</summary>
    public const string NodeTimedOut = "KWF060";

    /// <summary>A node's circuit breaker is open, so the node was not invoked.</summary>
    public const string CircuitOpen = "KWF061";

    /// <summary>A node's resilience policy (<c>retry</c>, <c>timeout</c>, <c>circuit_breaker</c>, <c>resources</c>) is invalid.</summary>
    public const string InvalidResiliencePolicy = "KWF062";
}
