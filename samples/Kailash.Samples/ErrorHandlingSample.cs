using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>What a failure does under each error policy, and what cancellation does.</summary>
internal static class ErrorHandlingSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:error-workflow>
        var workflow = new WorkflowBuilder("import")
            .AddNode("read", new LambdaNode(_ => "1,12.50;2,n/a"))
            .AddNode("parse", new LambdaNode(_ => throw new FormatException("line 2: amount is not a number")))
            .AddNode("store", new LambdaNode(inputs => $"stored {inputs["rows"]}"))
            .AddNode("audit", new LambdaNode(inputs => $"read {inputs["text"]}"))
            .AddConnection("read", "result", "parse", "text")
            .AddConnection("parse", "result", "store", "rows")
            .AddConnection("read", "result", "audit", "text")
            .Build();
        // </snippet:error-workflow>

        // <snippet:error-stop>
        using var runtime = new LocalRuntime();                 // ErrorPolicy.Stop, the default
        WorkflowExecutionException? stopped = null;
        try
        {
            runtime.Execute(workflow);
        }
        catch (WorkflowExecutionException ex)
        {
            stopped = ex;
            Console.WriteLine(ex.NodeId);                       // parse
            Console.WriteLine(ex.InnerException?.GetType());    // System.FormatException: your exception, not a wrapper
            Console.WriteLine(ex.Code);                         // KWF040
            Console.WriteLine(ex.Result["store"].SkipReason);   // RunStopped: the partial result comes along
        }
        // </snippet:error-stop>

        // <snippet:error-continue>
        await using var lenient = new AsyncLocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        WorkflowRunResult run = await lenient.ExecuteAsync(workflow);       // returns instead of throwing
        Console.WriteLine(run.Status);                                      // Failed
        Console.WriteLine(run["parse"].Error?.Message);                     // line 2: amount is not a number
        Console.WriteLine(run["store"].SkipReason);                         // UpstreamFailed
        Console.WriteLine(run["audit"]["result"]);                          // the independent branch still ran
        // </snippet:error-continue>

        // <snippet:cancellation>
        using var cancel = new CancellationTokenSource();
        var slow = new WorkflowBuilder("slow")
            .AddNode("first", new LambdaNode(_ =>
            {
                cancel.Cancel();                                // e.g. the user pressed Ctrl+C
                return "done";
            }))
            .AddNode("second", new LambdaNode(inputs => inputs["value"]))
            .AddConnection("first", "result", "second", "value")
            .Build();
        try
        {
            await lenient.ExecuteAsync(slow, parameters: null, cancel.Token);
        }
        catch (WorkflowCancelledException ex)                   // an OperationCanceledException
        {
            Console.WriteLine(ex.Result.Status);                // Cancelled
            Console.WriteLine(ex.Result["first"].Status);       // Completed: finished work is kept
            Console.WriteLine(ex.Result["second"].Status);      // Cancelled
        }
        // </snippet:cancellation>

        WorkflowCancelledException? cancelled = null;
        using var again = new CancellationTokenSource();
        await again.CancelAsync();
        try
        {
            runtime.Execute(slow, parameters: null, again.Token);
        }
        catch (WorkflowCancelledException ex)
        {
            cancelled = ex;
        }

        return new SampleOutcome(nameof(ErrorHandlingSample))
            .Add("stop.node", stopped?.NodeId)
            .Add("stop.inner", stopped?.InnerException?.GetType().Name)
            .Add("stop.code", stopped?.Code)
            .Add("stop.store", stopped?.Result["store"].Status)
            .Add("stop.storeReason", stopped?.Result["store"].SkipReason)
            .Add("continue.status", run.Status)
            .Add("continue.parseCode", run["parse"].ErrorCode)
            .Add("continue.store", run["store"].SkipReason)
            .Add("continue.audit", run["audit"]["result"])
            .Add("cancel.status", cancelled?.Result.Status)
            .Add("cancel.first", cancelled?.Result["first"].Status);
    }
}
