using Kailash.Runtime.Cycles;

namespace Kailash.Runtime;

/// <content>The cycles facade.</content>
public abstract partial class BaseRuntime
{
    private CycleExecutionFacade? _cycles;

    /// <summary>Gets the cycle features: settings and how a workflow's cycles will run.</summary>
    public CycleExecutionFacade Cycles => _cycles ??= new CycleExecutionFacade(this);
}
