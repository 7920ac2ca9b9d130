using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Runtime.Engine;

public sealed class RunIdTests
{
    [Fact]
    public void RunIds_AreGuids_UniqueAcrossRunsAndRuntimes()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Constant(1L)).Build();
        using var first = new LocalRuntime();
        using var second = new LocalRuntime();

        var ids = Enumerable.Range(0, 300).Select(_ => first.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken).RunId)
            .Concat(Enumerable.Range(0, 300).Select(_ => second.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken).RunId))
            .ToList();

        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
