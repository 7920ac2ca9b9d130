using Kailash.Runtime.Analytics;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Engine;

/// <summary>The six concern components the engine calls, built once per runtime from validated options.</summary>
internal sealed class RuntimeServices
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public RuntimeServices(RuntimeOptions options)
    {
        Options = options;
        Logger = options.LoggerFactory.CreateLogger("Kailash.Runtime");
        Contracts = new ConnectionContractChecker(options, Logger);
        Parameters = new ParameterBinder(options, Logger, Contracts);
        Steps = EngineSteps.Instance;
        Admission = new RunAdmission(options, Parameters, Contracts);
        Conditional = new ConditionalRouter(options.ConditionalExecution);
        Cycles = new CycleCoordinator(options);
        Analytics = new RuntimeTelemetry(options, Logger);
        Enterprise = new NodeExecutionPolicy(options, Analytics);
        SequentialScheduler = Engine.SequentialScheduler.Instance;
        ConcurrentScheduler = new ConcurrentScheduler(options.MaxConcurrency, Math.Min(options.MaxParallelSyncNodes, options.MaxConcurrency));
    }

    public RuntimeOptions Options { get; }

    public ILogger Logger { get; }

    public ParameterBinder Parameters { get; }

    public ConnectionContractChecker Contracts { get; }

    /// <summary>Gets the checks made once before each run (access policy, parameter keys, secrets).</summary>
    public RunAdmission Admission { get; }

    public ConditionalRouter Conditional { get; }

    public CycleCoordinator Cycles { get; }

    public NodeExecutionPolicy Enterprise { get; }

    public RuntimeTelemetry Analytics { get; }

    /// <summary>Gets what a concern that drives nodes itself may ask of the engine (<see cref="IRunSteps"/>).</summary>
    public IRunSteps Steps { get; }

    public IScheduler SequentialScheduler { get; init; }

    public IScheduler ConcurrentScheduler { get; }

    public ILogger LoggerFor(PlanNode node)
        => _loggers.GetOrAdd(node.TypeName, static (type, factory) => factory.CreateLogger("Kailash.Nodes." + type), Options.LoggerFactory);
}
