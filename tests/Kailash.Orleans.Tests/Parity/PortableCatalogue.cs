using System.Text.Json.Nodes;
using Kailash.IntegrationTests.Parity;
using Kailash.Nodes;
using Kailash.Orleans.Transport;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Orleans.Tests.Parity;

/// <summary>
/// The parity catalogue as the cluster sees it. Catalogue nodes that are not built-in (nodes built from delegates with
/// constants, small test node classes) are registered in the silos' registry under a name of their own
/// (<c>parity/{scenario}/{node}</c>) whose factory builds the scenario again and takes that node — the stand-in for
/// deploying a node assembly to every silo. The workflow then travels as its document with those type names and every
/// silo rebuilds its nodes from the registry, like any cluster run.
/// </summary>
/// <remarks>
/// A scenario travels when it sets no runtime options and no per-call settings (the cluster runs with the silos'
/// options; a progress receiver is process-local) and its parameters are JSON-like. Scenarios whose nodes keep state
/// between calls of one instance (a flaky node counting its attempts) depend on a process-local object: each silo
/// rebuilds its own instance, so they are listed in <see cref="ProcessLocal"/> with the reason.
/// </remarks>
public static class PortableCatalogue
{
    /// <summary>Scenarios whose outcome depends on one node instance seeing every attempt (state in a closure).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProcessLocal = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    private static readonly Lazy<Dictionary<string, string>> Documents = new(Register);
    private static readonly Dictionary<string, string> OriginalTypeNames = new(StringComparer.Ordinal);

    /// <summary>Gets the names of the scenarios that run on the cluster.</summary>
    public static IReadOnlyCollection<string> Names => Documents.Value.Keys;

    /// <summary>Makes sure every catalogue node type is registered (before the silos start reading the registry).</summary>
    public static void EnsureRegistered() => _ = Documents.Value;

    /// <summary>The scenario's workflow as the cluster gets it: loaded from its portable document with the silos' registry.</summary>
    public static Workflow Load(string scenario) => WorkflowSerializer.LoadJson(Documents.Value[scenario], ClusterNodes.Registry);

    /// <summary>Puts the catalogue's own type names back into a snapshot (messages name a node's type).</summary>
    public static string WithOriginalTypeNames(string snapshot)
    {
        foreach (var (name, original) in OriginalTypeNames)
        {
            snapshot = snapshot.Replace($"({name})", $"({original})", StringComparison.Ordinal);
        }

        return snapshot;
    }

    private static Dictionary<string, string> Register()
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scenario in ParityCatalogue.All)
        {
            if (scenario.Configure is not null || scenario.Settings is not null || ProcessLocal.ContainsKey(scenario.Name) || !ParametersTravel(scenario))
            {
                continue;
            }

            var workflow = scenario.Build();
            var document = JsonNode.Parse(WorkflowSerializer.ToJson(workflow))!;
            foreach (var spec in workflow.Nodes)
            {
                if (NodeRegistry.BuiltIn.Contains(spec.TypeName))
                {
                    continue;
                }

                var name = $"parity/{scenario.Name}/{spec.Id}";
                var build = scenario.Build;
                var id = spec.Id;
                ClusterNodes.Registry.Register(name, spec.Node.GetType(), () => build().GetNode(id).Node);
                document["nodes"]![spec.Id]!["node_type"] = name;
                OriginalTypeNames[name] = spec.TypeName;
            }

            documents[scenario.Name] = document.ToJsonString();
        }

        return documents;
    }

    private static bool ParametersTravel(ParityScenario scenario)
    {
        try
        {
            PortableValues.WriteMap(scenario.Parameters, "parameters", "parameter");
            return true;
        }
        catch (KailashException)
        {
            return false;
        }
    }
}
