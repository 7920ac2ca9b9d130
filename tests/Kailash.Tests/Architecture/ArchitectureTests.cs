using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Kailash.Tests.Architecture;

/// <summary>
/// The dependency rules of the runtime, checked on the compiled assembly (every type reference in signatures, fields,
/// attributes and method bodies): runtimes → engine → concern contracts → model. A new back-arrow fails this test.
/// </summary>
/// <remarks>
/// Layers: the <b>model</b> (<c>Kailash.Nodes</c>, <c>Kailash.Workflows</c>, <c>Kailash.Expressions</c>), the six
/// <b>concerns</b> (<c>Kailash.Runtime.{Validation,Parameters,Conditional,Cycles,Enterprise,Analytics}</c>), the
/// <b>engine</b> (<c>Kailash.Runtime.Engine</c>: its contract — plan, <c>RunContext</c>, <c>RunState</c>, slots,
/// <c>RuntimeServices</c>, the interfaces it hands the concerns — and its implementation types listed in
/// <see cref="EngineImplementation"/>), and the <b>runtimes</b> (<c>LocalRuntime</c>, <c>AsyncLocalRuntime</c>,
/// <c>BaseRuntime</c> and the per-concern <c>*Features</c> facades they expose). Public types of a concern are the
/// user-facing model (options, reports) and may be used anywhere.
/// </remarks>
public sealed class ArchitectureTests
{
    private static readonly string[] Concerns = ["Validation", "Parameters", "Conditional", "Cycles", "Enterprise", "Analytics"];

    /// <summary>Engine types the concerns must not call: the engine calls them, never the other way round.</summary>
    private static readonly HashSet<string> EngineImplementation = new(StringComparer.Ordinal)
    {
        "Kailash.Runtime.Engine.ExecutionEngine",
        "Kailash.Runtime.Engine.NodeInvoker",
        "Kailash.Runtime.Engine.RunRecorder",
        "Kailash.Runtime.Engine.UnitRunner",
        "Kailash.Runtime.Engine.SequentialScheduler",
        "Kailash.Runtime.Engine.ConcurrentScheduler",
        "Kailash.Runtime.Engine.EngineSteps",
    };

    private static readonly HashSet<string> Runtimes = new(StringComparer.Ordinal)
    {
        "Kailash.Runtime.BaseRuntime",
        "Kailash.Runtime.LocalRuntime",
        "Kailash.Runtime.AsyncLocalRuntime",
    };

    /// <summary>
    /// Back-arrows that exist today and are scheduled for removal (issue 12 leftovers). The test fails when a new one
    /// appears, and also when one listed here is gone — then delete its line, so the list only shrinks.
    /// </summary>
    private static readonly HashSet<string> KnownBackArrows = new(StringComparer.Ordinal)
    {
        // A switch condition reads dotted paths with the parameters concern's resolver (move DottedPath to the model).
        "Kailash.Nodes.Logic.SwitchConditions -> Kailash.Runtime.Parameters.DottedPath (the model depends on nothing in the runtime)",

        // Connection contracts are checked on the binder's per-node plan and masked with the run's secrets.
        "Kailash.Runtime.Validation.ConnectionContractChecker -> Kailash.Runtime.Parameters.NodeBindingPlan (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.ConnectionContractChecker -> Kailash.Runtime.Parameters.ParameterCheck (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.ConnectionContractChecker -> Kailash.Runtime.Parameters.ParameterErrors (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.ConnectionContractChecker -> Kailash.Runtime.Parameters.RunSecrets (a concern uses another concern only through an interface the engine hands it)",

        // Build-time validation reuses the cycle checks and the parameter rules (templates, coercion, required inputs).
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Cycles.CycleValidator (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.ConfigValues (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.NodeBindingPlan (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.ParameterBinder (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.ParameterCheck (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.ParameterErrors (a concern uses another concern only through an interface the engine hands it)",
        "Kailash.Runtime.Validation.WorkflowValidator -> Kailash.Runtime.Parameters.PlanParameterIndex (a concern uses another concern only through an interface the engine hands it)",
    };

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(BuildGraph);

    [Fact]
    public void Dependencies_FollowTheLayerRules()
    {
        var violations = Violations().ToHashSet(StringComparer.Ordinal);

        var added = violations.Except(KnownBackArrows).Order(StringComparer.Ordinal).ToList();
        var removed = KnownBackArrows.Except(violations).Order(StringComparer.Ordinal).ToList();

        Assert.True(added.Count == 0, "New back-arrows (fix the dependency, or route it through an interface the engine hands the concern):\n" + string.Join("\n", added));
        Assert.True(removed.Count == 0, "These known back-arrows are gone; delete them from KnownBackArrows:\n" + string.Join("\n", removed));
    }

    [Fact]
    public void Graph_SeesMethodBodyReferences()
    {
        // The walker must see calls inside method bodies, or the rules above would pass vacuously.
        Assert.Contains("Kailash.Runtime.Engine.RunRecorder", Graph.Value["Kailash.Runtime.Engine.NodeInvoker"]);
        Assert.Contains("Kailash.Runtime.Conditional.ConditionalRouter", Graph.Value["Kailash.Runtime.Engine.RunRecorder"]);
    }

    private static IEnumerable<string> Violations()
    {
        foreach (var (from, targets) in Graph.Value)
        {
            var fromLayer = Layer(from);
            foreach (var to in targets)
            {
                if (Rule(from, fromLayer, to, Layer(to)) is { } rule)
                {
                    yield return $"{from} -> {to} ({rule})";
                }
            }
        }
    }

    private static string? Rule(string from, string fromLayer, string to, string toLayer)
    {
        if (from == to || toLayer == "public-model")
        {
            return null;
        }

        if (fromLayer == "model" && toLayer is not "model" and not "other")
        {
            return "the model depends on nothing in the runtime";
        }

        if (fromLayer.StartsWith("concern:", StringComparison.Ordinal))
        {
            if (toLayer.StartsWith("concern:", StringComparison.Ordinal) && toLayer != fromLayer)
            {
                return "a concern uses another concern only through an interface the engine hands it";
            }

            if (EngineImplementation.Contains(to))
            {
                return "a concern never calls the engine's implementation";
            }

            if (toLayer == "runtime")
            {
                return "a concern never depends on a runtime";
            }
        }

        if (fromLayer == "engine" && toLayer == "runtime")
        {
            return "the engine never depends on a runtime";
        }

        return null;
    }

    /// <summary>The layer of an internal type, or <c>public-model</c> for public types outside the engine (user-facing, usable anywhere).</summary>
    private static string Layer(string type)
    {
        if (Runtimes.Contains(type) || type.EndsWith("Features", StringComparison.Ordinal))
        {
            return "runtime";
        }

        if (PublicTypes.Value.Contains(type))
        {
            return "public-model";
        }

        if (type.StartsWith("Kailash.Runtime.Engine.", StringComparison.Ordinal))
        {
            return "engine";
        }

        foreach (var concern in Concerns)
        {
            if (type.StartsWith($"Kailash.Runtime.{concern}.", StringComparison.Ordinal))
            {
                return "concern:" + concern;
            }
        }

        return type.StartsWith("Kailash.Nodes.", StringComparison.Ordinal) || type.StartsWith("Kailash.Workflows.", StringComparison.Ordinal) || type.StartsWith("Kailash.Expressions.", StringComparison.Ordinal)
            ? "model"
            : "other";
    }

    private static readonly Lazy<HashSet<string>> PublicTypes = new(() =>
        [.. typeof(KailashException).Assembly.GetExportedTypes().Select(t => t.FullName!.Replace('+', '/'))]);

    private static Dictionary<string, HashSet<string>> BuildGraph()
    {
        using var module = ModuleDefinition.ReadModule(typeof(KailashException).Assembly.Location);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type).FullName;
            if (owner.StartsWith('<'))
            {
                continue;
            }

            if (!graph.TryGetValue(owner, out var targets))
            {
                graph[owner] = targets = new HashSet<string>(StringComparer.Ordinal);
            }

            Collect(type, module, targets);
        }

        return graph;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static void Collect(TypeDefinition type, ModuleDefinition module, HashSet<string> targets)
    {
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }

                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
            }

            // Only types defined in the assembly itself (their scope is its module) take part in the rules.
            if (reference.Scope is ModuleDefinition && reference.Resolve() is { } definition && definition.Module == module)
            {
                targets.Add(Outermost(definition).FullName);
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var attribute in type.CustomAttributes)
        {
            Add(attribute.AttributeType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference referenced:
                        Add(referenced);
                        break;
                    case MethodReference called:
                        AddMethod(called);
                        break;
                    case FieldReference field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                }
            }
        }
    }
}
