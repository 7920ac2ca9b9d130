using System.Runtime.CompilerServices;
using Kailash.Nodes;
using Kailash.Runtime.Engine;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Invokes a node under its resilience policy. A node without a policy (and no runtime default) is invoked directly and
/// pays nothing: one type check. Policies are compiled into a Polly v8 pipeline once per plan (<see cref="Prepare"/>).
/// </summary>
/// <remarks>
/// Pipeline order, outermost first: node timeout → retry → circuit breaker → resource limiters → attempt timeout → node.
/// The sync runtime executes the pipeline with Polly's synchronous <c>Execute</c>, so nothing goes asynchronous underneath
/// it; retry delays and timeouts use <see cref="RuntimeOptions.TimeProvider"/>.
/// </remarks>
internal sealed class NodeExecutionPolicy
{
    private static readonly ResiliencePropertyKey<string> RejectedResource = new("kailash.rejected-resource");
    private static readonly ResiliencePropertyKey<Engine.ISecretMasker> Secrets = new("kailash.run-secrets");
    private static readonly ResiliencePropertyKey<NodeContext> Listened = new("kailash.listened-node");

    private static readonly Func<ResilienceContext, Invocation, IReadOnlyDictionary<string, object?>> SyncAttempt = static (resilience, state) =>
    {
        var context = state.Context;
        context.Attempt++;
        context.CancellationToken = resilience.CancellationToken;
        var pending = NodeAbandonment.InvokeAsync(state.Node.Node, state.Inputs, context, state.Guarded ? resilience.CancellationToken : default);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    };

    private static readonly Func<ResilienceContext, Invocation, ValueTask<IReadOnlyDictionary<string, object?>>> AsyncAttempt = static (resilience, state) =>
    {
        var context = state.Context;
        context.Attempt++;
        context.CancellationToken = resilience.CancellationToken;
        return NodeAbandonment.InvokeAsync(state.Node.Node, state.Inputs, context, state.Guarded ? resilience.CancellationToken : default);
    };

    private readonly RuntimeOptions _options;
    private readonly IResilienceEvents _telemetry;
    private readonly Internal.BoundedMap<CircuitBreaker> _breakers;
    private readonly int[] _recentOutcomes = new int[RecentRunWindow];
    private readonly ConditionalWeakTable<PlanNode, NodePolicy> _recompiled = [];
    private readonly Lock _recompiling = new();
    private long _recentCount;

    public NodeExecutionPolicy(RuntimeOptions options, IResilienceEvents telemetry)
    {
        _options = options;
        _telemetry = telemetry;
        Retry = new RetryPolicyEngine(options.DefaultRetryPolicy, options.MaxTrackedNodes);
        _breakers = new(options.MaxTrackedNodes);
        Resources = new ResourceCoordinator(options);
        HasDefaults = options.DefaultRetryPolicy is { MaxAttempts: > 1 } || options.DefaultNodeTimeout is not null || options.DefaultCircuitBreaker is not null;
    }

    /// <summary>The number of most recent runs the health report's failure rate covers.</summary>
    public const int RecentRunWindow = 100;

    public RetryPolicyEngine Retry { get; }

    public ResourceCoordinator Resources { get; }

    public IResilienceEvents Telemetry => _telemetry;

    /// <summary>Gets a value indicating whether runtime-wide defaults give every node a policy.</summary>
    public bool HasDefaults { get; }

    public IEnumerable<CircuitBreaker> Breakers => _breakers.Values;

    /// <summary>Gets how many circuit breakers the runtime keeps (at most <see cref="RuntimeOptions.MaxTrackedNodes"/>).</summary>
    public int BreakerCount => _breakers.Count;

    /// <summary>The plan slot holding each node's compiled policy (or <see langword="null"/>), by plan index.</summary>
    public static readonly PlanSlotKey<NodePolicy?[]> Slot = new("enterprise.policies");

    public ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(ExecutionPlan plan, PlanNode node, NodeInputs inputs, NodeContext context)
        => plan.Slots.Get(Slot)?[node.Index] is { } policy ? InvokeWithPolicy(policy, node, inputs, context) : NodeAbandonment.InvokeAsync(node.Node, inputs, context, _options.RunTimeout is null ? default : context.CancellationToken);

    /// <summary>Tells whether a node of a plan runs under a policy (retry, timeout, circuit breaker or resource limit).</summary>
    public bool HasPolicy(ExecutionPlan plan, PlanNode node) => plan.Slots.Get(Slot)?[node.Index] is not null;

    /// <summary>Compiles the policy of every node of a new plan (called once per plan, before it is cached).</summary>
    public void Prepare(ExecutionPlan plan)
    {
        var policies = new NodePolicy?[plan.Nodes.Length];
        var any = false;
        foreach (var node in plan.Nodes)
        {
            policies[node.Index] = Compile(plan.Workflow.Id, node);
            any |= policies[node.Index] is not null;
        }

        if (any)
        {
            plan.Slots.Set(Slot, policies);
        }
    }

    /// <summary>Admits a run (throws <see cref="ResourceLimitExceededException"/> when a limit is reached).</summary>
    public void EnterRun(ExecutionPlan plan) => Resources.EnterRun(plan);

    /// <summary>Releases the run's slot and records its outcome for the health report.</summary>
    public void ExitRun(WorkflowRunResult? result)
    {
        Resources.ExitRun();
        var slot = (Interlocked.Increment(ref _recentCount) - 1) % RecentRunWindow;
        Volatile.Write(ref _recentOutcomes[slot], result is null || result.Status == WorkflowRunStatus.Failed ? 1 : 0);
    }

    /// <summary>Gets the failure rate of the most recent runs and how many runs it covers.</summary>
    public (double Rate, int Runs) RecentFailureRate()
    {
        var runs = (int)Math.Min(Interlocked.Read(ref _recentCount), RecentRunWindow);
        if (runs == 0)
        {
            return (0, 0);
        }

        var failures = 0;
        for (var i = 0; i < runs; i++)
        {
            failures += Volatile.Read(ref _recentOutcomes[i]);
        }

        return ((double)failures / runs, runs);
    }

    public bool TryGetBreaker(string key, out CircuitBreaker breaker) => _breakers.TryGetValue(key, out breaker);

    internal NodePolicy? Compile(string workflowId, PlanNode node)
    {
        var definition = NodePolicyReader.Read(node.Spec);
        if (definition is null && !HasDefaults)
        {
            return null;
        }

        definition ??= new NodePolicyDefinition();
        var version = Retry.Version;
        var errors = definition.Errors;
        var retry = definition.Retry;
        if (definition.RetryStrategy is { } name)
        {
            if (Retry.TryGetStrategy(name, out var registered))
            {
                retry = registered;
            }
            else
            {
                errors.Add($"Node '{node.Id}' retry: no retry strategy is registered as '{name}'.{Internal.Suggestions.DidYouMean(name, Retry.StrategyNames)} Please register it with runtime.Enterprise.RegisterRetryStrategy(\"{name}\", options) or fix the name.");
            }
        }

        if (retry is null && !definition.RetryDisabled && definition.RetryStrategy is null)
        {
            retry = _options.DefaultRetryPolicy;
        }

        var timeout = definition.Timeout ?? (definition.TimeoutDisabled || _options.DefaultNodeTimeout is null ? null : new NodeTimeoutOptions { Timeout = _options.DefaultNodeTimeout });
        var breakerOptions = definition.CircuitBreaker ?? (definition.CircuitBreakerDisabled ? null : _options.DefaultCircuitBreaker);
        var resources = new List<ResourceCoordinator.Resource>();
        foreach (var key in definition.Resources)
        {
            if (Resources.TryGet(key, out var resource))
            {
                resources.Add(resource);
            }
            else
            {
                errors.Add($"Node '{node.Id}' resources: '{key}' is not a configured resource.{Internal.Suggestions.DidYouMean(key, Resources.ResourceKeys)} Configured: {(Resources.ResourceKeys.Count == 0 ? "none" : Internal.Suggestions.List(Resources.ResourceKeys))}. Please add it to RuntimeOptions.Resources.");
            }
        }

        if (errors.Count > 0)
        {
            return new NodePolicy($"{ErrorCodes.InvalidResiliencePolicy}: {string.Join(" ", errors)}", definition.RetryStrategy, version);
        }

        var hasRetry = retry is { MaxAttempts: > 1 };
        if (!hasRetry && timeout is null && breakerOptions is null && resources.Count == 0)
        {
            return definition.RetryStrategy is null ? null : new NodePolicy(ResiliencePipeline.Empty, null, null, null, definition.RetryStrategy, version);
        }

        var builder = new ResiliencePipelineBuilder { Name = "kailash.node", InstanceName = workflowId + "/" + node.Id, TimeProvider = DeadlineClock.Over(_options.TimeProvider) };
        if (timeout?.Timeout is { } total)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "node-timeout",
                Timeout = total,
                OnTimeout = args =>
                {
                    _telemetry.OnNodeTimeout(workflowId, node, args.Timeout, perAttempt: false);
                    return default;
                },
            });
        }

        RetryRules? rules = null;
        RetryMetrics.NodeCounters? counters = null;
        if (hasRetry)
        {
            var compiled = rules = new RetryRules(retry!);
            counters = Retry.Metrics.For(workflowId, node.Id, node.TypeName);
            var engine = Retry;
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = retry!.MaxAttempts - 1,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                BackoffType = retry.Backoff switch
                {
                    RetryBackoff.Linear => DelayBackoffType.Linear,
                    RetryBackoff.Constant => DelayBackoffType.Constant,
                    _ => DelayBackoffType.Exponential,
                },
                UseJitter = retry.UseJitter,
                ShouldHandle = args => new(args.Outcome.Exception is { } ex && engine.IsRetriable(ex, compiled, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    engine.Metrics.RecordRetry(args.Outcome.Exception);
                    // The retry log and span event see the attempt's exception with the run's secrets masked.
                    var error = args.Outcome.Exception is { } raw && args.Context.Properties.TryGetValue(Secrets, out var secrets) ? secrets.MaskError(raw) : args.Outcome.Exception;
                    _telemetry.OnRetry(workflowId, node, args.AttemptNumber + 1, error, args.RetryDelay);
                    if (args.Context.Properties.TryGetValue(Listened, out var listened))
                    {
                        listened.Events!.NodeRetrying(node, listened.Cycle?.Iteration ?? 0, args.AttemptNumber + 1, args.RetryDelay, error);
                    }

                    return default;
                },
            });
        }

        if (breakerOptions is not null)
        {
            var key = breakerOptions.Key ?? workflowId + "/" + node.Id;
            var breaker = _breakers.GetOrAdd(key, static (k, s) => new CircuitBreaker(k, s.options, s.time), (options: breakerOptions, time: _options.TimeProvider));
            builder.AddStrategy(_ => new CircuitBreakerStrategy(breaker, _telemetry, node.Id), new BreakerStrategyOptions { Name = "circuit-breaker" });
        }

        foreach (var resource in resources)
        {
            AddLimiter(builder, resource, resource.Concurrency);
            AddLimiter(builder, resource, resource.Rate);
        }

        if (timeout?.AttemptTimeout is { } perAttempt)
        {
            builder.AddTimeout(new TimeoutStrategyOptions
            {
                Name = "attempt-timeout",
                Timeout = perAttempt,
                OnTimeout = args =>
                {
                    _telemetry.OnNodeTimeout(workflowId, node, args.Timeout, perAttempt: true);
                    return default;
                },
            });
        }

        return new NodePolicy(builder.Build(), rules, counters, timeout, definition.RetryStrategy, version);
    }

    private static void AddLimiter(ResiliencePipelineBuilder builder, ResourceCoordinator.Resource resource, System.Threading.RateLimiting.RateLimiter? limiter)
    {
        if (limiter is null)
        {
            return;
        }

        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            Name = "resource:" + resource.Key,
            RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken),
            OnRejected = args =>
            {
                args.Context.Properties.Set(RejectedResource, resource.Key);
                resource.CountRejected();
                return default;
            },
        });
    }

    private NodePolicy Recompiled(PlanNode node, NodePolicy compiled, string workflowId)
    {
        if (_recompiled.TryGetValue(node, out var current) && current.Version == Retry.Version)
        {
            return current;
        }

        // One compilation per node and registration, even when concurrent runs reach the node together; executions
        // already running keep the pipeline they started with (a policy is never changed in place).
        lock (_recompiling)
        {
            if (_recompiled.TryGetValue(node, out current) && current.Version == Retry.Version)
            {
                return current;
            }

            var policy = Compile(workflowId, node) ?? compiled;
            _recompiled.AddOrUpdate(node, policy);
            return policy;
        }
    }

    private ValueTask<IReadOnlyDictionary<string, object?>> InvokeWithPolicy(NodePolicy policy, PlanNode node, NodeInputs inputs, NodeContext context)
    {
        if (policy.StrategyName is not null && policy.Version != Retry.Version)
        {
            // A retry strategy was registered or replaced since this plan was compiled: recompile this node once per
            // version. The plan itself never changes; the recompiled policy lives here, beside the strategy registry.
            policy = Recompiled(node, policy, context.WorkflowId);
        }

        if (policy.Error is { } error)
        {
            context.Attempt = 0;
            throw new KailashException(ErrorCodes.InvalidResiliencePolicy, error, node.Id);
        }

        var pipeline = policy.Pipeline!;
        var runToken = context.CancellationToken;

        // A deadline (the run's or the node's own) abandons a node that ignores its token: see NodeAbandonment.
        var guarded = _options.RunTimeout is not null || policy.Timeout is not null || policy.AttemptTimeout is not null;
        var resilience = ResilienceContextPool.Shared.Get(runToken);
        if (context.Secrets is { HasValues: true } secrets)
        {
            resilience.Properties.Set(Secrets, secrets);
        }

        if (context.Events is not null)
        {
            resilience.Properties.Set(Listened, context);
        }

        context.Attempt = 0;
        if (!context.IsSynchronous)
        {
            return InvokeAsyncCore(policy, pipeline, resilience, new Invocation(node, inputs, context, guarded), runToken);
        }

        try
        {
            var outputs = pipeline.Execute(SyncAttempt, resilience, new Invocation(node, inputs, context, guarded));
            Record(policy, context, succeeded: true);
            return new(outputs);
        }
        catch (Exception ex)
        {
            Record(policy, context, succeeded: false);
            throw Translate(policy, node, ex, resilience, runToken) ?? Rethrow(ex);
        }
        finally
        {
            context.CancellationToken = runToken;
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsyncCore(NodePolicy policy, ResiliencePipeline pipeline, ResilienceContext resilience, Invocation invocation, CancellationToken runToken)
    {
        try
        {
            var outputs = await pipeline.ExecuteAsync(AsyncAttempt, resilience, invocation).ConfigureAwait(false);
            Record(policy, invocation.Context, succeeded: true);
            return outputs;
        }
        catch (Exception ex)
        {
            Record(policy, invocation.Context, succeeded: false);
            throw Translate(policy, invocation.Node, ex, resilience, runToken) ?? Rethrow(ex);
        }
        finally
        {
            invocation.Context.CancellationToken = runToken;
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static Exception Rethrow(Exception ex)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
        return ex;
    }

    private void Record(NodePolicy policy, NodeContext context, bool succeeded)
    {
        if (policy.Counters is { } counters && policy.Retry is { } rules)
        {
            Retry.Metrics.RecordExecution(counters, context.Attempt, rules.MaxAttempts, succeeded);
        }
    }

    /// <summary>Turns Polly's rejections into coded errors; the node's own exception is kept as it is (returns <see langword="null"/>).</summary>
    private static KailashException? Translate(NodePolicy policy, PlanNode node, Exception ex, ResilienceContext resilience, CancellationToken runToken)
    {
        switch (ex)
        {
            case TimeoutRejectedException timeout when !runToken.IsCancellationRequested:
                var scope = policy.Timeout == timeout.Timeout ? "its node timeout" : "its per-attempt timeout";
                return new KailashException(
                    ErrorCodes.NodeTimedOut,
                    $"Node '{node.Id}' ({node.TypeName}) did not finish within {scope} of {timeout.Timeout.TotalSeconds:0.###} s. Please make the node faster, make it observe its cancellation token, or raise the node's timeout.",
                    node.Id,
                    null,
                    ex);
            case RateLimiterRejectedException rejected:
                resilience.Properties.TryGetValue(RejectedResource, out var key);
                return new KailashException(
                    ErrorCodes.ResourceLimitReached,
                    $"Node '{node.Id}' could not get a permit for resource '{key}': its queue is full. Please raise the resource's QueueLimit or MaxConcurrency/RateLimit in RuntimeOptions.Resources.",
                    node.Id,
                    key,
                    rejected);
            default:
                return null;
        }
    }

    /// <summary>The state one invocation passes through the pipeline (no closure per call).</summary>
    private readonly record struct Invocation(PlanNode Node, NodeInputs Inputs, NodeContext Context, bool Guarded);

    private sealed class BreakerStrategyOptions : ResilienceStrategyOptions;
}
