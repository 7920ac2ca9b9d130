using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>The <c>switch</c> shape for Kailash. Needs <c>SwitchNode</c> (branch <c>cond</c>), which has not landed yet.</summary>
public static class KailashSwitch
{
    public const bool IsAvailable = false;

    public static Workflow Build() => throw new NotSupportedException("SwitchNode has not landed on this branch yet.");
}
