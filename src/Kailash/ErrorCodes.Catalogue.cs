namespace Kailash;

/// <content>Codes of the transform, logic and code nodes (KWF080–KWF089).</content>
public static partial class ErrorCodes
{
    /// <summary>A transform node (<c>FilterNode</c>, <c>Map</c>, <c>Sort</c>, <c>DataTransformer</c>) got data it cannot process (not a list, values that cannot be compared).</summary>
    public const string InvalidTransformData = "KWF080";

    /// <summary>A <c>WorkflowNode</c>'s sub-workflow (file, registered name or inline document) was not found or does not load.</summary>
    public const string SubWorkflowNotFound = "KWF081";

    /// <summary>A <c>WorkflowNode</c> would include itself: a sub-workflow that contains, directly or not, the workflow including it.</summary>
    public const string SubWorkflowRecursion = "KWF082";

    /// <summary>A <c>WorkflowNode</c>'s input or output mapping names a node, input or output the sub-workflow does not have.</summary>
    public const string InvalidSubWorkflowMapping = "KWF083";

    /// <summary>A workflow uses a code node (<c>CSharpCodeNode</c>, <c>PythonCodeNode</c>) but code is not allowed (<c>--allow-code</c>, <c>WorkflowPermissions.AllowCode</c>).</summary>
    public const string CodeNotAllowed = "KWF084";

    /// <summary>A <c>CSharpCodeNode</c>'s script does not compile.</summary>
    public const string CodeCompilationFailed = "KWF085";

    /// <summary>A <c>PythonCodeNode</c> found no Python interpreter (<c>python3</c>) to run its code.</summary>
    public const string PythonNotFound = "KWF086";

    /// <summary>A code node's code raised an error while it ran (the message carries the code's own error).</summary>
    public const string CodeExecutionFailed = "KWF087";

    /// <summary>The Python worker process of a <c>PythonCodeNode</c> stopped, broke its protocol or gave a result that is not JSON.</summary>
    public const string PythonWorkerFailed = "KWF088";

    /// <summary>A code node did not finish within its <c>timeout</c> and was stopped.</summary>
    public const string CodeTimedOut = "KWF089";
}
