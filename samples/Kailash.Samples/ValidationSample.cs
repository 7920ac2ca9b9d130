using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>Validate without running, connection contracts, validation metrics, the access policy.</summary>
internal static class ValidationSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        var outcome = new SampleOutcome(nameof(ValidationSample));

        // <snippet:validate-workflow>
        var workflow = new WorkflowBuilder("invoice")
            .AddNode("ExpressionNode", "total", new() { ["expression"] = "net + tax" })
            .AddNode("ExpressionNode", "orphan", new() { ["expression"] = "1 + 1" })
            .Build();

        using var runtime = new LocalRuntime();
        WorkflowValidationReport report = runtime.Validation.ValidateWorkflow(workflow);
        Console.WriteLine(report);                        // Workflow 'invoice': 0 error(s), 4 warning(s)
        foreach (WorkflowError warning in report.Warnings)
        {
            Console.WriteLine(warning);                   // KWF050 x2: no connections; KWF007 x2: only parameters can supply net, tax
        }

        WorkflowValidationReport withParameters = runtime.Validation.ValidateWorkflow(workflow,
            new Dictionary<string, object?> { ["net"] = 100 });
        Console.WriteLine(withParameters.IsValid);        // False: KWF007, nothing supplies "tax"
        // withParameters.ThrowIfInvalid() would throw a WorkflowValidationException listing the errors

        ValidationMetrics metrics = runtime.Validation.GetValidationMetrics();
        Console.WriteLine($"{metrics.WorkflowValidations} validations, {metrics.Failures} errors");   // 2 validations, 1 errors
        // </snippet:validate-workflow>

        outcome.Add("report.valid", report.IsValid)
            .Add("report.warnings", report.Warnings.Select(w => w.Code).Order(StringComparer.Ordinal).ToList())
            .Add("withParameters.errors", withParameters.Errors.Select(e => $"{e.Code} {e.NodeId}.{e.Port}").ToList())
            .Add("metrics.validations", metrics.WorkflowValidations)
            .Add("metrics.failures", metrics.Failures);
        runtime.Validation.ResetValidationMetrics();
        outcome.Add("metrics.afterReset", runtime.Validation.GetValidationMetrics().WorkflowValidations);

        // <snippet:connection-contracts>
        var typed = new WorkflowBuilder("typed")
            .AddNode("read", new LambdaNode(_ => "forty-two"))
            .AddNode("double", new LambdaNode(inputs => inputs.Get<long>("value") * 2,
                [new NodeParameter("value", typeof(long)) { Required = true }]))
            .AddConnection("read", "result", "double", "value")
            .Build();

        using var strict = new LocalRuntime(new RuntimeOptions
        {
            ConnectionValidation = ConnectionValidationMode.Strict,   // the default; Warn logs, Off delivers as is
            ErrorPolicy = ErrorPolicy.Continue,
        });
        NodeResult doubled = strict.Execute(typed)["double"];
        Console.WriteLine(doubled.ErrorCode);                         // KWF041: "forty-two" is not a long; the node did not run
        if (doubled.Error is ConnectionContractException contract)
        {
            Console.WriteLine($"{contract.SourceNode}.{contract.SourcePort} -> {contract.TargetNode}.{contract.TargetInput}");
        }
        // </snippet:connection-contracts>

        outcome.Add("contract.code", doubled.ErrorCode)
            .Add("contract.attempts", doubled.Attempts)
            .Add("contract.type", doubled.Error?.GetType().Name);

        // <snippet:access-policy-use>
        await using var guarded = new AsyncLocalRuntime(new RuntimeOptions
        {
            AccessPolicy = new RolePolicy("finance"),
            UserContext = new UserContext("sam") { Roles = ["sales"] },   // the default user of every run
        });
        string? refusal = null;
        try
        {
            await guarded.ExecuteAsync(workflow, new Dictionary<string, object?> { ["net"] = 100, ["tax"] = 20 });
        }
        catch (WorkflowAccessDeniedException ex)                         // KWF043: nothing ran
        {
            refusal = $"{ex.UserId}: {ex.Reason}";                       // sam: the role 'finance' is required
        }

        var asFinance = new RunSettings { UserContext = new UserContext("fay") { Roles = ["finance"] } };
        WorkflowRunResult allowed = await guarded.ExecuteAsync(workflow,
            new Dictionary<string, object?> { ["net"] = 100, ["tax"] = 20 }, asFinance);
        Console.WriteLine(allowed["total"]["result"]);                   // 120
        // </snippet:access-policy-use>

        return outcome.Add("access.refusal", refusal)
            .Add("access.allowed", allowed["total"]["result"])
            .Add("access.user", allowed.User?.UserId);
    }
}
