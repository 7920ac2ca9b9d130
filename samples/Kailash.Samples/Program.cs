namespace Kailash.Samples;

/// <summary>Runs every sample and prints what it produced.</summary>
internal static class Program
{
    /// <summary>Gets every sample, by name (the smoke tests run each one).</summary>
    public static IReadOnlyList<(string Name, Func<Task<SampleOutcome>> Run)> Samples { get; } =
    [
        (nameof(QuickStartSample), QuickStartSample.RunAsync),
        (nameof(LinearWorkflowSample), () => Task.FromResult(LinearWorkflowSample.Run())),
        (nameof(ConditionalRoutingSample), ConditionalRoutingSample.RunAsync),
        (nameof(CycleSample), CycleSample.RunAsync),
        (nameof(ResilienceSample), ResilienceSample.RunAsync),
        (nameof(TelemetrySample), TelemetrySample.RunAsync),
        (nameof(SyncVsAsyncSample), SyncVsAsyncSample.RunAsync),
        (nameof(ErrorHandlingSample), ErrorHandlingSample.RunAsync),
        (nameof(WorkflowFileSample), () => Task.FromResult(WorkflowFileSample.Run())),
        (nameof(ParametersAndSecretsSample), ParametersAndSecretsSample.RunAsync),
        (nameof(ValidationSample), ValidationSample.RunAsync),
        (nameof(MigrationSample), MigrationSample.RunAsync),
        (nameof(NodeTestingSample), () => Task.FromResult(NodeTestingSample.Run())),
    ];

    public static async Task<int> Main()
    {
        foreach (var (name, run) in Samples)
        {
            Console.WriteLine($"=== {name}");
            var outcome = await run();
            Console.WriteLine();
            Console.WriteLine(outcome);
        }

        return 0;
    }
}
