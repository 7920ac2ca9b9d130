using Kailash.Internal;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Internal;

public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "0 nodes")]
    [InlineData(1, "1 node")]
    [InlineData(2, "2 nodes")]
    [InlineData(20_000, "20,000 nodes")]
    public void Of_PutsTheNounInTheRightNumber(long count, string expected) => Assert.Equal(expected, Counted.Of(count, "node"));

    [Fact]
    public void Of_TakesAnIrregularPlural() => Assert.Equal("3 entries", Counted.Of(3, "entry", "entries"));

    [Fact]
    public void ValidationReport_SaysOneErrorAndOneWarning_NotOneErrors()
    {
        using var runtime = new LocalRuntime();
        var workflow = new WorkflowBuilder("plural").AddNode("a", new LambdaNode(_ => 1L), new() { ["text"] = "${who}" }).Build();

        var report = runtime.Validation.ValidateWorkflow(workflow);

        Assert.Equal("Workflow 'plural': 0 errors, 1 warning", report.ToString());
    }
}
