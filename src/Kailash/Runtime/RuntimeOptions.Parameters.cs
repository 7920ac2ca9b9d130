using Kailash.Nodes;

namespace Kailash.Runtime;

/// <content>Parameter-handling settings.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>Gets or sets the user every run is for, unless a call's <see cref="RunSettings.UserContext"/> says otherwise.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public UserContext? UserContext { get; set; }
}
