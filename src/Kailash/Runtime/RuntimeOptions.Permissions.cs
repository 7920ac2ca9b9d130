using Kailash.Security;

namespace Kailash.Runtime;

/// <content>What workflows may touch, and the application's services for nodes.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>
    /// Gets or sets what workflows run by this runtime may touch (files, HTTP hosts, code). Nodes read it at run time
    /// through <c>NodeContext.Permissions</c>.
    /// </summary>
    /// <remarks><see cref="WorkflowPermissions"/> is immutable, so the runtime's read-only copy shares it.</remarks>
    /// <value>The default value is <see langword="null"/>: each workflow keeps the permissions it was built with (its registry's).</value>
    public WorkflowPermissions? Permissions { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets or sets the application's services, offered to nodes through <c>NodeContext.Services</c> (for example the
    /// <c>IChatClient</c> of <c>LLMAgentNode</c> or an <c>HttpClient</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/> (no services).</value>
    public IServiceProvider? Services { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    partial void ValidatePermissions(List<string> errors)
    {
        if (Permissions is not null)
        {
            errors.AddRange(Permissions.Validate().Select(e => "Permissions: " + e));
        }
    }
}
