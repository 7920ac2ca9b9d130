using Kailash.Runtime.Parameters;

namespace Kailash.Runtime;

/// <content>The parameter-handling concern's facade.</content>
public abstract partial class BaseRuntime
{
    /// <summary>Gets the parameter-handling concern: how run parameters map onto node inputs.</summary>
    public RuntimeParameters Parameters => field ??= new RuntimeParameters(Engine);
}
