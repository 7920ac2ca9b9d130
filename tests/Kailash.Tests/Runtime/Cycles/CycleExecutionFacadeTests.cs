using Kailash.Runtime;
using Kailash.Runtime.Cycles;

namespace Kailash.Tests.Runtime.Cycles;

public sealed class CycleExecutionFacadeTests
{
    [Fact]
    public void GetCycles_DescribesMembersEntriesExitsAndEffectiveLimits()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { Cycles = new CycleOptions { DefaultMaxIterations = 42 } });
        var workflow = CycleCoordinatorTests.TwoNodeLoop();

        var info = Assert.Single(runtime.Cycles.GetCycles(workflow));

        Assert.True(runtime.Cycles.HasCycles(workflow));
        Assert.Equal("opt", info.CycleId);
        Assert.Equal(["inc", "check"], info.Members);
        Assert.Equal(["inc"], info.EntryNodes);
        Assert.Equal(["check"], info.ExitNodes);
        Assert.Equal(20, info.MaxIterations);
        Assert.Equal("converged == true", info.ConvergeWhen);
        Assert.Equal(42, Assert.Single(runtime.Cycles.GetCycles(CycleCoordinatorTests.ConvergingCounter(maxIterations: null))).MaxIterations);
    }

    [Fact]
    public void Options_AreValidated_AndCapturedAtConstruction()
    {
        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { Cycles = new CycleOptions { DefaultMaxIterations = 0 } }));
        Assert.Contains("Cycles.DefaultMaxIterations", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { Cycles = null! }));

        var options = new RuntimeOptions { Cycles = new CycleOptions { FailOnMaxIterations = true } };
        using var runtime = new LocalRuntime(options);
        options.Cycles = new CycleOptions();

        Assert.True(runtime.Cycles.Options.FailOnMaxIterations);
    }
}
