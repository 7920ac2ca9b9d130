using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Parity;

/// <summary>One entry of the parity catalogue: a workflow, its parameters and options, and what must hold on every runtime.</summary>
public sealed class ParityScenario
{
    public ParityScenario(string name, Func<Workflow> build)
    {
        Name = name;
        Build = build;
    }

    public string Name { get; }

    public Func<Workflow> Build { get; }

    public Dictionary<string, object?>? Parameters { get; init; }

    public Action<RuntimeOptions>? Configure { get; init; }

    /// <summary>Gets per-call settings (progress receiver, user, run id) passed to every runtime.</summary>
    public RunSettings? Settings { get; init; }

    /// <summary>Gets the checks that must hold on every runtime's result (beyond the runtimes agreeing).</summary>
    public Action<WorkflowRunResult>? Expect { get; init; }

    /// <summary>Gets the checks that must hold on the exception the call threw (also for runs refused before they started).</summary>
    public Action<KailashException>? ExpectError { get; init; }

    /// <summary>Gets the checks that must hold when the run's parameters were refused before any node ran (a <see cref="Kailash.Workflows.WorkflowValidationException"/>).</summary>
    public Action<Kailash.Workflows.WorkflowValidationException>? ExpectRefusal { get; init; }

    /// <summary>Gets the error code the call must throw with, or <see langword="null"/> when it must return.</summary>
    public string? ExpectThrowCode { get; init; }

    /// <summary>Gets a value indicating whether the scenario's outcome depends on timing under concurrency (then only MaxConcurrency 1 is compared).</summary>
    public bool SequentialOnly { get; init; }

    public override string ToString() => Name;
}
