using System.Diagnostics;
using Kailash.Nodes;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The engine's admission of a run, made once before it starts and identical for both runtimes: the access policy
/// (validation), the parameter keys and fetching the secrets the run may need (parameters). It lives in the engine
/// because it orchestrates two concerns. A failure throws before any node runs: parameter values that do not convert
/// and templates that do not resolve are refused here with the same <see cref="WorkflowValidationException"/> on both
/// runtimes, instead of failing a node after its upstream nodes ran.
/// </summary>
/// <remarks>
/// Without an access policy and without secrets this completes synchronously and allocates nothing beyond the split
/// parameters. The access policy and the secret provider are the only leaves that may wait; the synchronous runtime
/// waits for them in place.
/// </remarks>
internal sealed class RunAdmission
{
    private readonly RuntimeOptions _options;
    private readonly ParameterBinder _binder;
    private readonly ValidationMetricsCollector _metrics;

    public RunAdmission(RuntimeOptions options, ParameterBinder binder, ConnectionContractChecker contracts)
    {
        _options = options;
        _binder = binder;
        _metrics = contracts.Metrics;
    }

    public ValueTask<RunParameters> AdmitAsync(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, UserContext? user, bool isSynchronous, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _metrics.CountRunCheck();
        if (_options.AccessPolicy is null && plan.ParameterIndex.SecretNames.Length == 0 && plan.ParameterIndex.SecretInputs.Count == 0)
        {
            try
            {
                return new(CheckValues(plan, _binder.Split(plan, parameters)));
            }
            finally
            {
                _metrics.AddTime(Stopwatch.GetElapsedTime(start));
            }
        }

        return AdmitWithChecksAsync(plan, parameters, user, isSynchronous, start, cancellationToken);
    }

    /// <summary>
    /// Refuses a run whose parameters would fail a node later: a value that does not convert to its input's declared
    /// type or is not an allowed choice, or a config template the parameters do not supply. The problems are the ones
    /// <c>ValidateWorkflow</c> reports for the same parameters.
    /// </summary>
    /// <exception cref="WorkflowValidationException">At least one problem; all are listed (codes <c>KWF031</c>, <c>KWF032</c>, <c>KWF034</c>).</exception>
    private RunParameters CheckValues(ExecutionPlan plan, RunParameters split)
    {
        if (WorkflowValidator.ParameterProblems(plan, split) is not { } problems)
        {
            return split;
        }

        foreach (var problem in problems)
        {
            _metrics.RecordFailure(problem.Code);
        }

        throw new WorkflowValidationException(problems);
    }

    private static T Wait<T>(ValueTask<T> pending, bool isSynchronous)
        => pending.IsCompletedSuccessfully || !isSynchronous ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();

    private static void AddPassedSecrets(ExecutionPlan plan, RunParameters split, List<string> masked)
    {
        masked.AddRange(plan.ParameterIndex.ConfigSecretValues);
        var secretInputs = plan.ParameterIndex.SecretInputs;
        foreach (var pair in split.WorkflowLevel)
        {
            if (pair.Value is string text && secretInputs.Contains(pair.Key))
            {
                masked.Add(text);
            }
        }

        foreach (var own in split.NodeSpecific)
        {
            var node = plan.Nodes[plan.IndexById[own.Key]];
            foreach (var requirement in node.Binding.Secrets)
            {
                if (own.Value.TryGetValue(requirement.ParameterName, out var value) && value is string text)
                {
                    masked.Add(text);
                }
            }
        }
    }

    private async ValueTask<RunParameters> AdmitWithChecksAsync(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, UserContext? user, bool isSynchronous, long start, CancellationToken cancellationToken)
    {
        try
        {
            if (_options.AccessPolicy is { } policy)
            {
                await CheckAccessAsync(policy, plan, user, isSynchronous, cancellationToken).ConfigureAwait(false);
            }

            var split = CheckValues(plan, _binder.Split(plan, parameters));
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var problems = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in plan.ParameterIndex.SecretNames)
            {
                if (_options.SecretProvider is not { } provider)
                {
                    problems[name] = "no secret provider is configured (RuntimeOptions.SecretProvider)";
                    continue;
                }

                string? value;
                try
                {
                    var pending = provider.GetSecretAsync(name, cancellationToken);
                    value = isSynchronous || pending.IsCompletedSuccessfully ? Wait(pending, isSynchronous) : await pending.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    problems[name] = $"the secret provider failed ({ex.GetType().Name})";
                    continue;
                }

                if (value is null)
                {
                    problems[name] = $"the secret provider ({provider.GetType().Name}) has no secret '{name}'";
                }
                else
                {
                    values[name] = value;
                }
            }

            var masked = new List<string>();
            AddPassedSecrets(plan, split, masked);
            var secrets = new RunSecrets(values, problems, masked, plan.Nodes.Length);
            return new RunParameters(split.WorkflowLevel, split.NodeSpecific) { Secrets = secrets };
        }
        finally
        {
            _metrics.AddTime(Stopwatch.GetElapsedTime(start));
        }
    }

    private async ValueTask CheckAccessAsync(IWorkflowAccessPolicy policy, ExecutionPlan plan, UserContext? user, bool isSynchronous, CancellationToken cancellationToken)
    {
        var workflow = plan.Workflow;
        WorkflowAccessDecision? decision;
        try
        {
            var pending = policy.CheckAccessAsync(new WorkflowAccessRequest(workflow, user), cancellationToken);
            decision = isSynchronous || pending.IsCompletedSuccessfully ? Wait(pending, isSynchronous) : await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics.RecordFailure(ErrorCodes.AccessDenied);
            throw new WorkflowAccessDeniedException(workflow.Id, user?.UserId, $"the access policy failed ({ex.GetType().Name}: {ex.Message})", ex);
        }

        if (decision is not { IsAllowed: true })
        {
            _metrics.RecordFailure(ErrorCodes.AccessDenied);
            throw new WorkflowAccessDeniedException(workflow.Id, user?.UserId, decision?.Reason ?? "the access policy gave no decision");
        }
    }
}
