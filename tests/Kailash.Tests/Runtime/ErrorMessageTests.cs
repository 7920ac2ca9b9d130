using System.Text.RegularExpressions;
using Kailash.Runtime;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary>A failure message names its error code once, however many layers wrap it.</summary>
public sealed partial class ErrorMessageTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFailedExpression_NamesItsCodeOnce(bool sync)
    {
        using var runtime = Harness.Create(sync);
        var workflow = new WorkflowBuilder("bonus")
            .AddNode("ExpressionNode", "bonus_calc", new() { ["expression"] = "1 / 0" })
            .Build();

        var (result, thrown) = await Harness.RunAsync(runtime, workflow, TestContext.Current.CancellationToken);

        var error = Assert.IsType<WorkflowExecutionException>(thrown);
        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, error.Code);
        Assert.Single(Code().Matches(error.Message));
        Assert.Single(Code().Matches(result["bonus_calc"].Error!.Message));
        Assert.Contains("bonus_calc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMergeTypeThatIsNotAName_IsDescribedAsSuch()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("merge")
            .AddNode("MergeNode", "merge", new() { ["merge_type"] = 5L })
            .Build());

        var message = Assert.Single(error.Errors, e => e.Code == ErrorCodes.InvalidNodeConfig).Message;
        Assert.DoesNotContain("Unknown merge type a value", message, StringComparison.Ordinal);
        Assert.Contains("must be a name, not a value of type Int64", message, StringComparison.Ordinal);
    }

    [GeneratedRegex("KWF[0-9]{3}")]
    private static partial Regex Code();
}
