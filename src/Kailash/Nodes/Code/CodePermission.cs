namespace Kailash.Nodes.Code;

/// <summary>The one check every code node makes: code runs only where <c>WorkflowPermissions.AllowCode</c> says so.</summary>
internal static class CodePermission
{
    private const string Advice = "Code nodes run arbitrary code, so they are off unless allowed: pass --allow-code to the kailash command, set \"permissions\": {\"code\": true} in kailash.json, or set NodeRegistry.Permissions / RuntimeOptions.Permissions to new WorkflowPermissions { AllowCode = true }.";

    /// <summary>Refuses, when the workflow is built, a code node the registry's permissions do not allow.</summary>
    /// <param name="registry">The registry the workflow is built with.</param>
    /// <param name="nodeType">The code node's type name.</param>
    public static void Require(NodeRegistry registry, string nodeType)
    {
        if (!registry.Permissions.AllowCode)
        {
            throw new NodeConfigurationException(ErrorCodes.CodeNotAllowed, $"{nodeType} is not allowed. {Advice}", "code");
        }
    }

    /// <summary>Checks a code node's arguments, and refuses, when the node runs, code the run's permissions do not allow.</summary>
    /// <param name="inputs">The node's inputs.</param>
    /// <param name="context">The node's context.</param>
    /// <param name="nodeType">The code node's type name.</param>
    public static void Require(NodeInputs inputs, NodeContext context, string nodeType)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Permissions.AllowCode)
        {
            throw new KailashException(ErrorCodes.CodeNotAllowed, $"{nodeType} '{context.NodeId}' is not allowed in this run. {Advice}", context.NodeId, "code");
        }
    }
}
