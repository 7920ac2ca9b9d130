using Kailash.Runtime.Conditional;

namespace Kailash.Runtime;

/// <content>The conditional-execution facade.</content>
public abstract partial class BaseRuntime
{
    private ConditionalExecutionFacade? _conditional;

    /// <summary>Gets the conditional-execution features: mode, switch detection and execution-path explanations.</summary>
    public ConditionalExecutionFacade Conditional => _conditional ??= new ConditionalExecutionFacade(this);
}
