using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for validation and parameter handling (issue 5).</content>
public static partial class ParityCatalogue
{
    private const string VpSecret = "s3cr3t-Pa55word";

    private static readonly IReadOnlyList<ParityScenario> ValidationAndParameters =
    [
        new("params-both-formats-mixed-with-aliases", () => new WorkflowBuilder("formats")
                .AddNode("reader", VpCapture(new NodeParameter("path", typeof(string)) { WorkflowAlias = "file" }, VpP("limit", typeof(long))))
                .AddNode("writer", VpCapture(new NodeParameter("path", typeof(string)) { AutoMapFrom = ["target"] }, VpP("limit", typeof(long))))
                .Build())
        {
            Parameters = new() { ["file"] = "in.csv", ["target"] = "out.csv", ["limit"] = "10", ["writer"] = new Dictionary<string, object?> { ["limit"] = 99 } },
            Expect = r =>
            {
                Assert.Equal(new Dictionary<string, object?> { ["path"] = "in.csv", ["limit"] = 10L }, VpInputs(r, "reader"));
                Assert.Equal(new Dictionary<string, object?> { ["limit"] = 99L, ["path"] = "out.csv" }, VpInputs(r, "writer"));
            },
        },
        new("params-precedence-with-conversion", () => new WorkflowBuilder("precedence-typed")
                .AddNode("src", Constant("5"))
                .AddNode("n", VpCapture(VpP("a", typeof(long)), VpP("b", typeof(long)), VpP("c", typeof(long)), VpP("d", typeof(long))), new() { ["a"] = "1", ["b"] = 1, ["c"] = 1, ["d"] = 1 })
                .AddConnection("src", "result", "n", "b")
                .AddConnection("src", "result", "n", "c")
                .AddConnection("src", "result", "n", "d")
                .Build())
        {
            Parameters = new() { ["c"] = "20", ["d"] = 20, ["n"] = new Dictionary<string, object?> { ["d"] = "30" } },
            Expect = r => Assert.Equal(new Dictionary<string, object?> { ["d"] = 30L, ["c"] = 20L, ["b"] = 5L, ["a"] = 1L }, VpInputs(r, "n")),
        },
        new("params-templates-keep-type-and-format", () => new WorkflowBuilder("templates")
                .AddNode("n", VpCapture(VpP("count", typeof(long)), VpP("items"), VpP("greeting", typeof(string))), new()
                {
                    ["count"] = "${count}",
                    ["items"] = "${items}",
                    ["greeting"] = "Hello ${who}, ${db.port}",
                })
                .Build())
        {
            Parameters = new()
            {
                ["count"] = "3",
                ["items"] = new List<object?> { 1L, "two" },
                ["who"] = "Ada",
                ["db"] = new Dictionary<string, object?> { ["port"] = 5432L },
                ["n"] = new Dictionary<string, object?> { ["who"] = "Bob" },
            },
            Expect = r =>
            {
                var inputs = VpInputs(r, "n");
                Assert.Equal(3L, inputs["count"]);
                Assert.Equal(new List<object?> { 1L, "two" }, inputs["items"]);
                Assert.Equal("Hello Bob, 5432", inputs["greeting"]);
            },
        },
        new("params-unresolved-template-refused-before-the-run", () => new WorkflowBuilder("bad-template")
                .AddNode("n", VpCapture(VpP("text")), new() { ["text"] = "Hi ${nobody}" })
                .Build())
        {
            ExpectThrowCode = ErrorCodes.UnresolvedTemplate,
            ExpectRefusal = e => Assert.Contains("'${nobody}'", e.Errors[0].Message, StringComparison.Ordinal),
        },
        new("params-coercion-failure-names-the-source", () => new WorkflowBuilder("bad-coercion")
                .AddNode("n", VpCapture(VpP("flag", typeof(bool))))
                .Build())
        {
            Parameters = new() { ["n"] = new Dictionary<string, object?> { ["flag"] = "maybe" } },
            ExpectThrowCode = ErrorCodes.CoercionFailed,
            ExpectRefusal = e => Assert.Contains("the node-specific parameter 'n.flag'", e.Errors[0].Message, StringComparison.Ordinal),
        },
        new("params-invalid-choice", () => new WorkflowBuilder("bad-choice")
                .AddNode("n", VpCapture(new NodeParameter("mode", typeof(string)) { Choices = ["fast", "safe"] }))
                .Build())
        {
            Parameters = new() { ["mode"] = "sfae" },
            ExpectThrowCode = ErrorCodes.InvalidChoice,
            ExpectRefusal = e => Assert.Contains("Did you mean 'safe'?", e.Errors[0].Message, StringComparison.Ordinal),
        },
        new("params-missing-required-input", () => new WorkflowBuilder("missing-required")
                .AddNode("start", Constant(1L))
                .AddNode("sum", Sum("x", "y"))
                .AddConnection("start", "result", "sum", "x")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.MissingRequiredInput,
            Expect = r =>
            {
                Assert.Equal(0, r["sum"].Attempts);
                Assert.Equal("y", ((KailashException)r["sum"].Error!).Port);
            },
        },
        new("params-unknown-key-refuses-the-run", () => new WorkflowBuilder("unknown-key")
                .AddNode("inc", AddOne())
                .Build())
        {
            Parameters = new() { ["valeu"] = 1 },
            ExpectThrowCode = ErrorCodes.UnknownParameter,
            ExpectError = e => Assert.Contains("Did you mean 'value'?", e.Message, StringComparison.Ordinal),
        },
        new("params-unknown-key-warns-and-runs", () => new WorkflowBuilder("unknown-key-warn")
                .AddNode("inc", AddOne())
                .Build())
        {
            Configure = o => o.UnknownParameters = UnknownParameterHandling.Warn,
            Parameters = new() { ["value"] = 1, ["valeu"] = 1 },
            Expect = r => Assert.Equal(2L, r["inc"]["result"]),
        },
        new("validation-strict-contract-violation", () => new WorkflowBuilder("contract")
                .AddNode("src", Constant("abc"))
                .AddNode("inc", AddOne())
                .AddConnection("src", "result", "inc", "value")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.ConnectionContractViolation,
            Expect = r =>
            {
                var error = Assert.IsType<ConnectionContractException>(r["inc"].Error);
                Assert.Equal(("src", "result", "inc", "value"), (error.SourceNode, error.SourcePort, error.TargetNode, error.TargetInput));
                Assert.Equal(0, r["inc"].Attempts);
            },
        },
        new("validation-strict-converts-convertible-values", () => new WorkflowBuilder("contract-ok")
                .AddNode("src", Constant("41"))
                .AddNode("inc", AddOne())
                .AddConnection("src", "result", "inc", "value")
                .Build())
        {
            Expect = r => Assert.Equal(42L, r["inc"]["result"]),
        },
        new("validation-warn-mode-node-sees-raw-value", () => new WorkflowBuilder("contract-warn-raw")
                .AddNode("src", Constant("abc"))
                .AddNode("n", VpCapture(VpP("value", typeof(long))))
                .AddConnection("src", "result", "n", "value")
                .Build())
        {
            Configure = o => o.ConnectionValidation = ConnectionValidationMode.Warn,
            Expect = r => Assert.Equal("abc", VpInputs(r, "n")["value"]),
        },
        new("validation-off-delivers-raw", () => new WorkflowBuilder("contract-off")
                .AddNode("src", Constant("7"))
                .AddNode("n", VpCapture(VpP("value", typeof(long))))
                .AddConnection("src", "result", "n", "value")
                .Build())
        {
            Configure = o => o.ConnectionValidation = ConnectionValidationMode.Off,
            Expect = r => Assert.Equal("7", VpInputs(r, "n")["value"]),
        },
        new("validation-access-denied-refuses-the-run", () => new WorkflowBuilder("guarded")
                .AddNode("inc", AddOne(), new() { ["value"] = 1L })
                .Build())
        {
            Configure = o =>
            {
                o.AccessPolicy = new VpRolePolicy("admin");
                o.UserContext = new UserContext("eve") { Roles = ["guest"] };
            },
            ExpectThrowCode = ErrorCodes.AccessDenied,
            ExpectError = e => Assert.Equal(("guarded", "eve"), (((WorkflowAccessDeniedException)e).WorkflowId, ((WorkflowAccessDeniedException)e).UserId)),
        },
        new("validation-access-allowed-user-reaches-every-node", () => new WorkflowBuilder("guarded-ok")
                .AddNode("a", VpWhoAmI())
                .AddNode("b", VpWhoAmI())
                .AddConnection("a", "user", "b", "previous")
                .Build())
        {
            Configure = o =>
            {
                o.AccessPolicy = new VpRolePolicy("admin");
                o.UserContext = new UserContext("ann") { Roles = ["admin"] };
            },
            Expect = r =>
            {
                Assert.Equal("ann", r["a"]["user"]);
                Assert.Equal("ann", r["b"]["user"]);
                Assert.Equal("ann", r.User!.UserId);
            },
        },
        new("params-secret-reference-resolved-and-masked", () => new WorkflowBuilder("secret-ref")
                .AddNode("login", VpCapture(VpP("password", typeof(string))), new() { ["password"] = new Dictionary<string, object?> { ["$secret"] = "DB_PASSWORD" } })
                .AddNode("check", new LambdaNode(i => Equals(i["password"], VpSecret), [VpP("password")]))
                .AddConnection("login", "inputs.password", "check", "password")
                .Build())
        {
            Configure = o => o.SecretProvider = new VpSecrets(),
            Expect = r =>
            {
                Assert.Equal("***", VpInputs(r, "login")["password"]);
                Assert.Equal(true, r["check"]["result"]);
            },
        },
        new("params-declared-secret-injected", () => new WorkflowBuilder("secret-declared")
                .AddNode("n", new LambdaNode(i => i.Get<string>("api_key").Length, [new NodeParameter("api_key", typeof(string)) { IsSecret = true, Required = true }]))
                .Build())
        {
            Configure = o => o.SecretProvider = new VpSecrets(),
            Expect = r => Assert.Equal(VpSecret.Length, r["n"]["result"]),
        },
        new("params-missing-secret-fails-before-the-node-runs", () => new WorkflowBuilder("secret-missing")
                .AddNode("n", VpCapture(VpP("token")), new() { ["token"] = new Dictionary<string, object?> { ["$secret"] = "NOT_THERE" } })
                .Build())
        {
            Configure = o => o.SecretProvider = new VpSecrets(),
            ExpectThrowCode = ErrorCodes.MissingSecret,
            Expect = r => Assert.Equal(0, r["n"].Attempts),
        },
        new("params-cycle-seeded-by-parameter-driven-by-back-edge", () => new WorkflowBuilder("cycle-params")
                .AddNode("seed", Constant(1L))
                .AddNode("counter", VpCounter(), new() { ["count"] = 0L })
                .AddConnection("seed", "result", "counter", "count")
                .CreateCycle("loop").Connect("counter", "count", "counter", "count").MaxIterations(3).Build()
                .Build())
        {
            Parameters = new() { ["counter"] = new Dictionary<string, object?> { ["count"] = "10", ["step"] = "2" } },
            Expect = r =>
            {
                Assert.Equal(16L, r["counter"]["count"]);
                Assert.Equal(new List<object?> { 10L, 12L, 14L }, r["counter"]["seen"]);
            },
        },
        new("params-cycle-workflow-level-parameter-every-iteration", () => new WorkflowBuilder("cycle-wl")
                .AddNode("counter", VpCounter())
                .CreateCycle("loop").Connect("counter", "count", "counter", "count").MaxIterations(2).Build()
                .Build())
        {
            Parameters = new() { ["count"] = 0, ["step"] = 5 },
            Expect = r => Assert.Equal(10L, r["counter"]["count"]),
        },
    ];

    private static NodeParameter VpP(string name, Type type) => new(name, type);

    private static NodeParameter VpP(string name) => new(name, typeof(object));

    /// <summary>Declares the given inputs and outputs everything it received under <c>inputs</c>.</summary>
    private static LambdaNode VpCapture(params NodeParameter[] parameters)
        => new((inputs, _) => new Dictionary<string, object?> { ["inputs"] = new Dictionary<string, object?>(inputs) }, parameters, ["inputs"]);

    private static Dictionary<string, object?> VpInputs(WorkflowRunResult result, string nodeId)
        => (Dictionary<string, object?>)result[nodeId]["inputs"]!;

    private static LambdaNode VpWhoAmI()
        => new((_, context) => new Dictionary<string, object?> { ["user"] = context.UserContext?.UserId }, [VpP("previous")], ["user"]);

    /// <summary>count + step each iteration; also reports every count it saw (from its own previous outputs).</summary>
    private static LambdaNode VpCounter()
        => new(
            (inputs, context) =>
            {
                var count = inputs.Get<long>("count");
                var seen = context.Cycle?.PreviousOutputs?["seen"] is List<object?> previous ? new List<object?>(previous) : [];
                seen.Add(count);
                return new Dictionary<string, object?> { ["count"] = count + inputs.GetOrDefault("step", 1L), ["seen"] = seen };
            },
            [new NodeParameter("count", typeof(long)) { Required = true }, new NodeParameter("step", typeof(long))],
            ["count", "seen"]);

    private sealed class VpRolePolicy(string role) : IWorkflowAccessPolicy
    {
        public ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken)
            => new(request.User?.Roles.Contains(role) == true ? WorkflowAccessDecision.Allowed : WorkflowAccessDecision.Deny($"the role '{role}' is required"));
    }

    private sealed class VpSecrets : ISecretProvider
    {
        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
            => new(name is "DB_PASSWORD" or "api_key" ? VpSecret : null);
    }
}
