using Kailash.Nodes;
using Kailash.Runtime.Parameters;

namespace Kailash.Runtime;

/// <content>Parameter-handling settings.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>Gets or sets the user every run is for, unless a call's <see cref="RunSettings.UserContext"/> says otherwise.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public UserContext? UserContext { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets or sets where secrets come from: config values written <c>{"$secret": "NAME"}</c> and the secrets nodes declare
    /// (<see cref="NodeParameter.IsSecret"/>, <see cref="Node.GetSecretRequirements"/>). See
    /// <see cref="EnvironmentSecretProvider"/> and <see cref="ConfigurationSecretProvider"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: a node that needs a secret fails with <c>KWF033</c> before it runs.</value>
    public ISecretProvider? SecretProvider { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets or sets what a run does with a parameter key that matches no node id and no input any node declares
    /// (including <c>{nodeId: {key: value}}</c> keys the node does not declare).
    /// </summary>
    /// <value>The default value is <see cref="UnknownParameterHandling.Error"/>.</value>
    public UnknownParameterHandling UnknownParameters { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = UnknownParameterHandling.Error;

    partial void ValidateParameters(List<string> errors)
    {
        if (!Enum.IsDefined(UnknownParameters))
        {
            errors.Add($"UnknownParameters '{UnknownParameters}' is not defined; use Error or Warn.");
        }
    }
}
