using System.Diagnostics;
using System.Text;
using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

/// <summary>Hostile workflow files (issue 11): each root cause ends in a coded error with a real position, never a crash.</summary>
public sealed class HostileFileTests
{
    private static WorkflowValidationException JsonFails(string json)
        => Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadJson(json, NodeRegistry.BuiltIn));

    private static WorkflowValidationException YamlFails(string yaml)
        => Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadYaml(yaml, NodeRegistry.BuiltIn));

    [Fact]
    public void LoneSurrogate_InAValue_IsMalformedFile_NotACrash()
    {
        const string Json = """{"nodes": {"a": {"node_type": "PassThroughNode", "config": {"x": "bad \ud800 text"}}}}""";

        var error = Assert.Single(JsonFails(Json).Errors);

        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
        Assert.Equal($"line 1, column {Json.IndexOf("\"bad", StringComparison.Ordinal) + 1}", error.Location);
    }

    [Fact]
    public void LoneSurrogate_InAKey_IsMalformedFile_NotACrash()
    {
        var ex = JsonFails("""{"nodes": {"a\udc00": {"node_type": "PassThroughNode"}}}""");

        Assert.Equal(ErrorCodes.MalformedFile, ex.Errors[0].Code);
    }

    [Fact]
    public void EmptyVerbatimYamlTag_IsMalformedFile_NotACrash()
    {
        var ex = YamlFails("nodes: !<> x\n");

        Assert.Equal(ErrorCodes.MalformedFile, Assert.Single(ex.Errors).Code);
    }

    [Theory]
    [InlineData("workflow_id: x\nnodes:\n  a:\n    node_type: PassThroughNode\n\t\nconnections: []\n", 5)]
    [InlineData("workflow_id: x\nnodes:\n  a:\n    node_type: PassThroughNode\n    config:\n\t  x: 1\n", 6)]
    [InlineData("a: 1\nb: 2\nc: 3\nd: 4\n\te: 5\n", 5)]
    public void YamlTab_IsReportedOnItsOwnLine(string yaml, int line)
    {
        var error = Assert.Single(YamlFails(yaml).Errors);

        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.Equal($"line {line}, column 1", error.Location);
    }

    [Fact]
    public void DeepJson_IsInputTooLarge()
    {
        var json = "{\"nodes\": {\"a\": {\"node_type\": \"PassThroughNode\", \"config\": {\"x\": " + new string('[', 400) + new string(']', 400) + "}}}}";

        Assert.Equal(ErrorCodes.InputTooLarge, Assert.Single(JsonFails(json).Errors).Code);
    }

    [Fact]
    public void DeepYaml_IsInputTooLarge()
    {
        var yaml = "nodes:\n  a:\n    node_type: PassThroughNode\n    config:\n      x: " + new string('[', 400) + new string(']', 400) + "\n";

        Assert.Equal(ErrorCodes.InputTooLarge, Assert.Single(YamlFails(yaml).Errors).Code);
    }

    [Fact]
    public void TooManyNodes_IsInputTooLarge()
    {
        var json = new StringBuilder("{\"nodes\":{");
        for (var i = 0; i <= LoadLimits.MaxNodes; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("\"n").Append(i).Append("\":{\"type\":\"PassThroughNode\"}");
        }

        var error = Assert.Single(JsonFails(json.Append("}}").ToString()).Errors);

        Assert.Equal(ErrorCodes.InputTooLarge, error.Code);
        Assert.Contains("100,001 nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLargeText_IsInputTooLarge_BeforeParsing()
    {
        var json = "{\"nodes\": {}, \"description\": \"" + new string('x', LoadLimits.MaxChars) + "\"}";

        Assert.Equal(ErrorCodes.InputTooLarge, Assert.Single(JsonFails(json).Errors).Code);
    }

    [Fact]
    public void YamlAliases_AreBudgetedByCharacters_NotOnlyValues()
    {
        var yaml = new StringBuilder("big: &big ").Append('x', 1024 * 1024).Append("\nnodes:\n  a:\n    node_type: PassThroughNode\n    config:\n      copies:\n");
        for (var i = 0; i < 2000; i++)
        {
            yaml.Append("        - *big\n");
        }

        var ex = YamlFails(yaml.ToString());

        Assert.Contains(ex.Errors, e => e.Code == ErrorCodes.InputTooLarge && e.Message.Contains("characters of text", StringComparison.Ordinal));
    }

    [Fact]
    public void ManyBrokenConnections_AreCappedInOneBoundedMessage()
    {
        var json = new StringBuilder("{\"nodes\":{\"a\":{\"type\":\"PassThroughNode\"}},\"connections\":[");
        for (var i = 0; i < 20_000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"from\":\"a\",\"to\":\"missing").Append(i).Append("\"}");
        }

        var ex = JsonFails(json.Append("]}").ToString());

        Assert.Equal(LoadLimits.MaxReportedErrors + 1, ex.Errors.Count);
        Assert.Contains("… and 39,900 more problems", ex.Errors[^1].Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 20_000, $"The message has {ex.Message.Length} characters.");
    }

    [Fact]
    public void MinifiedFanOut_LoadsWithPositionsOnItsOneLine()
    {
        // 10,000 nodes on one line (≈ 1 MB) took 49 s when every position was counted from the line start; a generous
        // watchdog guards against a return to quadratic mapping without timing the machine.
        var json = new StringBuilder("{\"nodes\":{\"src\":{\"type\":\"PassThroughNode\"}");
        for (var i = 0; i < 10_000; i++)
        {
            json.Append(",\"n").Append(i).Append("\":{\"type\":\"PassThroughNode\",\"config\":{\"label\":\"node number ").Append(i).Append(" of the fan-out\"}}");
        }

        json.Append("},\"connections\":[");
        for (var i = 0; i < 10_000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"from\":\"src\",\"from_output\":\"data\",\"to\":\"n").Append(i).Append("\",\"to_input\":\"data\"}");
        }

        var text = json.Append("],\"bad\":\"\\ud800\"}").ToString();
        var watch = Stopwatch.StartNew();

        var ex = JsonFails(text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Loading took {watch.Elapsed}.");
        var error = Assert.Single(ex.Errors);
        Assert.Equal($"line 1, column {text.IndexOf("\"\\ud800\"", StringComparison.Ordinal) + 1}", error.Location);
    }

    [Fact]
    public void MisspeltTopLevelKey_IsAnError_WithTheKeyItMeant()
    {
        const string Json = """{"nodes": {"a": {"type": "PassThroughNode"}, "b": {"type": "PassThroughNode"}}, "conections": [{"from": "a", "to": "b"}]}""";

        var error = Assert.Single(JsonFails(Json).Errors);

        Assert.Equal(ErrorCodes.MisspeltKey, error.Code);
        Assert.Contains("Did you mean 'connections'?", error.Message, StringComparison.Ordinal);
        Assert.Equal($"conections, line 1, column {Json.IndexOf("\"conections", StringComparison.Ordinal) + 1}", error.Location);
    }

    [Fact]
    public void UnrelatedTopLevelKey_IsStillKept()
    {
        var workflow = WorkflowSerializer.LoadJson("""{"nodes": {"a": {"type": "PassThroughNode"}}, "author": "someone"}""", NodeRegistry.BuiltIn);

        Assert.Contains("\"author\": \"someone\"", WorkflowSerializer.ToJson(workflow), StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltPolicySetting_IsReportedAtLoad_AtItsKey()
    {
        var ex = YamlFails("nodes:\n  a:\n    type: PassThroughNode\n    retry: {max_attemps: 3}\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.InvalidResiliencePolicy, error.Code);
        Assert.Equal("a", error.NodeId);
        Assert.Contains("Did you mean 'max_attempts'?", error.Message, StringComparison.Ordinal);
        Assert.Equal("nodes.a.retry, line 4, column 12", error.Location);
    }
}
