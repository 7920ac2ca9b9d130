using Kailash.Runtime;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Kailash.Orleans.Tests;

/// <summary>
/// One 3-silo in-process Orleans cluster (in-memory transport) shared by every cluster test: each silo calls
/// <c>AddKailash</c> with the test node registry; membership is tuned so a killed silo is declared dead within seconds.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterRuntime Runtime { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Parity.PortableCatalogue.EnsureRegistered();
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddKailash(options =>
            {
                options.Registry = ClusterNodes.Registry;
                options.Runtime = new RuntimeOptions { MaxConcurrency = 8 };
                options.StepPollInterval = TimeSpan.FromSeconds(1);
                options.MaxStepDispatches = 10;
            });
            TuneForFastFailureDetection(silo);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Runtime = new ClusterRuntime(Cluster.Client) { WaitInterval = TimeSpan.FromSeconds(2) };
    }

    /// <summary>Membership that declares a killed silo dead within a few seconds, and calls that give up after 10 s.</summary>
    public static void TuneForFastFailureDetection(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(1);
            membership.NumMissedProbesLimit = 1;
            membership.NumVotesForDeathDeclaration = 1;
            membership.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in ClusterNodes.Gates.Values)
        {
            gate.Release.TrySetResult();
        }

        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(nameof(SharedCluster))]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>;
