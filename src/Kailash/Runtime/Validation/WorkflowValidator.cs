using Kailash.Internal;
using Kailash.Nodes;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>
/// Checks of a workflow's structure. <see cref="StructuralErrors"/> runs at every <c>Build()</c> (and when a cycle is
/// added to a built workflow); <see cref="Report"/> adds the checks that need parameters or are only warnings, for
/// <c>runtime.Validation.ValidateWorkflow</c>. Every problem is collected; nothing stops at the first.
/// </summary>
internal static partial class WorkflowValidator
{
    public static List<WorkflowError> StructuralErrors(Workflow workflow)
    {
        var errors = new List<WorkflowError>();
        var ids = workflow.Nodes.Select(n => n.Id).ToList();
        var declarations = new Dictionary<string, Declaration>(StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            declarations[node.Id] = new Declaration(node);
        }

        for (var i = 0; i < workflow.Connections.Count; i++)
        {
            CheckConnection(workflow.Connections[i], ErrorLocation.OfConnection(i), ids, declarations, errors);
        }

        var cycleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cycle in workflow.Cycles)
        {
            if (!cycleIds.Add(cycle.CycleId))
            {
                errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle id '{cycle.CycleId}' is declared more than once. Please give every cycle a unique id.", Location: $"cycles.{cycle.CycleId}") { At = ErrorLocation.OfCycle(cycle.CycleId) });
            }

            if (cycle.Connections.Count == 0)
            {
                errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle '{cycle.CycleId}' has no connections. Please add at least one back edge with Connect(from, to, mapping).", Location: $"cycles.{cycle.CycleId}") { At = ErrorLocation.OfCycle(cycle.CycleId) });
            }

            for (var i = 0; i < cycle.Connections.Count; i++)
            {
                CheckConnection(cycle.Connections[i], ErrorLocation.OfCycle(cycle.CycleId, i), ids, declarations, errors);
            }
        }

        foreach (var node in workflow.Nodes)
        {
            CheckConfigValues(node, declarations[node.Id], errors);
        }

        var unmarked = FindUnmarkedCycle(workflow);
        if (unmarked.Count > 0)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnmarkedCycle,
                $"The connections between {Suggestions.List(unmarked)} form a cycle that is not declared. Please declare the back edge with CreateCycle(id).Connect(...) and give it MaxIterations or ConvergeWhen, or remove the connection that closes the loop.",
                unmarked[0]));
        }

        Cycles.CycleValidator.AddErrors(workflow, errors);
        return errors;
    }

    /// <summary>
    /// The full, side-effect-free validation of a workflow for a runtime: structural errors, warnings, and, when
    /// <paramref name="parameters"/> is given, what those parameters would do (unknown keys, conversions, choices,
    /// templates, required inputs). Without parameters, needs that only parameters can meet are warnings.
    /// </summary>
    public static WorkflowValidationReport Report(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, RuntimeOptions options)
    {
        var workflow = plan.Workflow;
        var errors = StructuralErrors(workflow);
        var warnings = new List<WorkflowError>();
        AddStructureWarnings(workflow, options, warnings);
        RuntimeFitChecks.Add(workflow, options, errors, warnings);

        RunParameters split = RunParameters.Empty;
        if (parameters is not null)
        {
            List<string>? unknown = null;
            split = ParameterBinder.Split(plan, parameters, ref unknown);
            foreach (var problem in unknown ?? [])
            {
                var error = new WorkflowError(ErrorCodes.UnknownParameter, $"Unknown parameter {problem}", Location: "parameters") { IsWarning = options.UnknownParameters == UnknownParameterHandling.Warn };
                (error.IsWarning ? warnings : errors).Add(error);
            }
        }

        if (plan.ParameterIndex.SecretNames.Length > 0 && options.SecretProvider is null)
        {
            errors.Add(new WorkflowError(ErrorCodes.MissingSecret, $"The workflow needs the secrets {Suggestions.List(plan.ParameterIndex.SecretNames)}, but no secret provider is configured. Please set RuntimeOptions.SecretProvider (for example an EnvironmentSecretProvider)."));
        }

        foreach (var node in plan.Nodes)
        {
            CheckNodeParameters(node, parameters is null ? null : split, errors, warnings);
        }

        return new WorkflowValidationReport(workflow.Id, errors, warnings);
    }

    private static void CheckConnection(Connection connection, ErrorLocation site, List<string> ids, Dictionary<string, Declaration> declarations, List<WorkflowError> errors)
    {
        var location = site.Path;
        var count = errors.Count;
        CheckConnectionEnds(connection, location, ids, declarations, errors);
        for (var i = count; i < errors.Count; i++)
        {
            errors[i] = errors[i] with { At = site };
        }
    }

    private static void CheckConnectionEnds(Connection connection, string? location, List<string> ids, Dictionary<string, Declaration> declarations, List<WorkflowError> errors)
    {
        var hasSource = declarations.TryGetValue(connection.SourceNode, out var source);
        var hasTarget = declarations.TryGetValue(connection.TargetNode, out var target);
        if (!hasSource)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnknownSourceNode,
                $"Connection '{connection}' starts at node '{connection.SourceNode}', which does not exist.{Suggestions.DidYouMean(connection.SourceNode, ids)} Nodes: {Suggestions.List(ids)}.",
                connection.SourceNode,
                connection.SourceOutput,
                location));
        }

        if (!hasTarget)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnknownTargetNode,
                $"Connection '{connection}' ends at node '{connection.TargetNode}', which does not exist.{Suggestions.DidYouMean(connection.TargetNode, ids)} Nodes: {Suggestions.List(ids)}.",
                connection.TargetNode,
                connection.TargetInput,
                location));
        }

        string? port = null;
        var hasPath = false;
        if (source is not null)
        {
            port = source.ResolvePort(connection.SourceOutput, out hasPath);
            if (!source.Node.Node.HasDynamicOutputs && !source.Outputs.Contains(port))
            {
                errors.Add(new WorkflowError(
                    ErrorCodes.UnknownOutputPort,
                    $"Connection '{connection}': node '{source.Node.Id}' ({source.Node.TypeName}) has no output '{port}'.{Suggestions.DidYouMean(port, source.Outputs)} Its outputs: {(source.Outputs.Count == 0 ? "none" : Suggestions.List(source.Outputs))}. Please connect one of them.",
                    source.Node.Id,
                    port,
                    location));
                port = null;
            }
        }

        NodeParameter? input = null;
        if (target is not null && !target.Parameters.TryGetValue(connection.TargetInput, out input) && !target.Node.Node.AcceptsUndeclaredInputs)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UndeclaredInput,
                $"Connection '{connection}': node '{target.Node.Id}' ({target.Node.TypeName}) declares no input '{connection.TargetInput}'.{Suggestions.DidYouMean(connection.TargetInput, target.Parameters.Keys)} Its inputs: {(target.Parameters.Count == 0 ? "none" : Suggestions.List(target.Parameters.Keys))}. Please connect to one of them.",
                target.Node.Id,
                connection.TargetInput,
                location));
        }

        if (source is null || port is null || hasPath || input is null || source.Node.Node.GetOutputType(port) is not { } produced || TypeCompatibility.AreCompatible(produced, input.Type))
        {
            return;
        }

        errors.Add(new WorkflowError(
            ErrorCodes.TypeMismatch,
            $"Connection '{connection}': output '{port}' of node '{source.Node.Id}' is declared {ConnectionContractException.Name(produced)}, but input '{input.Name}' of node '{target!.Node.Id}' expects {ConnectionContractException.Name(input.Type)}, and no {ConnectionContractException.Name(produced)} converts to it. Please put a converting node in between, connect a compatible output, or declare one side as object.",
            target.Node.Id,
            input.Name,
            location));
    }

    /// <summary>Config values of declared inputs must convert to the declared type and be allowed choices (templates and secret references are checked at run time).</summary>
    private static void CheckConfigValues(NodeSpec node, Declaration declaration, List<WorkflowError> errors)
    {
        foreach (var pair in node.Config)
        {
            if (!declaration.Parameters.TryGetValue(pair.Key, out var parameter) || !ParameterCheck.IsNeeded(parameter) || ConfigValues.IsDynamic(pair.Value))
            {
                continue;
            }

            try
            {
                ParameterBinder.Coerce(node.Id, new ParameterCheck(parameter), pair.Value, new ValueSource("config", pair.Key));
            }
            catch (KailashException ex)
            {
                errors.Add(new WorkflowError(ex.Code, MessageOf(ex), node.Id, pair.Key, $"nodes.{node.Id}.config.{pair.Key}"));
            }
        }
    }

    private static void AddStructureWarnings(Workflow workflow, RuntimeOptions options, List<WorkflowError> warnings)
    {
        if (workflow.Nodes.Count > options.LargeWorkflowNodeCount)
        {
            warnings.Add(new WorkflowError(ErrorCodes.LargeWorkflow, $"The workflow has {Counted.Of(workflow.Nodes.Count, "node")} (more than {options.LargeWorkflowNodeCount}). Large graphs are slow to plan and hard to read; please consider splitting it into smaller workflows.") { IsWarning = true });
        }

        var connected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in workflow.Connections.Concat(workflow.Cycles.SelectMany(cycle => cycle.Connections)))
        {
            connected.Add(c.SourceNode);
            connected.Add(c.TargetNode);
        }

        foreach (var node in workflow.Nodes)
        {
            if (workflow.Nodes.Count > 1 && !connected.Contains(node.Id))
            {
                warnings.Add(new WorkflowError(ErrorCodes.DisconnectedNode, $"Node '{node.Id}' ({node.TypeName}) has no connections; it runs on its own and nothing uses its outputs. Please connect it or remove it if it is left over.", node.Id) { IsWarning = true });
            }

            if (node.Node.AcceptsUndeclaredInputs)
            {
                continue;
            }

            var declared = node.Node.GetParameters().Select(p => p.Name).ToList();
            foreach (var key in node.Config.Keys)
            {
                if (!declared.Contains(key))
                {
                    warnings.Add(new WorkflowError(
                        ErrorCodes.UndeclaredConfigKey,
                        $"Node '{node.Id}' ({node.TypeName}) config key '{key}' names no input the node declares, so the node will not read it.{Suggestions.DidYouMean(key, declared)} Its inputs: {(declared.Count == 0 ? "none" : Suggestions.List(declared))}.",
                        node.Id,
                        key,
                        $"nodes.{node.Id}.config.{key}")
                    { IsWarning = true });
                }
            }
        }
    }

    /// <summary>Kahn's algorithm over the regular connections; the nodes left over sit on (or behind) a cycle.</summary>
    private static List<string> FindUnmarkedCycle(Workflow workflow)
    {
        var inDegree = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            inDegree[node.Id] = 0;
            edges[node.Id] = [];
        }

        foreach (var c in workflow.Connections)
        {
            if (inDegree.ContainsKey(c.SourceNode) && inDegree.TryGetValue(c.TargetNode, out var degree))
            {
                edges[c.SourceNode].Add(c.TargetNode);
                inDegree[c.TargetNode] = degree + 1;
            }
        }

        var ready = new Queue<string>(inDegree.Where(p => p.Value == 0).Select(p => p.Key));
        while (ready.Count > 0)
        {
            foreach (var next in edges[ready.Dequeue()])
            {
                if (--inDegree[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        // Kahn leaves the loop and everything downstream of it; peel off, backwards, the nodes that lead into no
        // remaining node, so the message names only the nodes on (or between) the loops.
        var left = new HashSet<string>(workflow.Nodes.Select(n => n.Id).Where(id => inDegree[id] > 0), StringComparer.Ordinal);
        var peeled = true;
        while (peeled)
        {
            peeled = false;
            foreach (var id in left.ToList())
            {
                if (!edges[id].Exists(left.Contains))
                {
                    left.Remove(id);
                    peeled = true;
                }
            }
        }

        return [.. workflow.Nodes.Select(n => n.Id).Where(left.Contains)];
    }

    /// <summary>A node's declared inputs and outputs, read once per validation.</summary>
    private sealed class Declaration
    {
        public Declaration(NodeSpec node)
        {
            Node = node;
            Outputs = node.Node.GetOutputs();
            Parameters = new Dictionary<string, NodeParameter>(StringComparer.Ordinal);
            foreach (var parameter in node.Node.GetParameters())
            {
                Parameters[parameter.Name] = parameter;
            }
        }

        public NodeSpec Node { get; }

        public IReadOnlyList<string> Outputs { get; }

        public Dictionary<string, NodeParameter> Parameters { get; }

        /// <summary>The output port a source string names: the whole string when it is a declared port, else its first dotted segment.</summary>
        public string ResolvePort(string sourceOutput, out bool hasPath)
        {
            var dot = sourceOutput.IndexOf('.', StringComparison.Ordinal);
            hasPath = dot > 0 && !Outputs.Contains(sourceOutput);
            return hasPath ? sourceOutput[..dot] : sourceOutput;
        }
    }
}
