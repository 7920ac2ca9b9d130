using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Hosting;

/// <summary>What <see cref="KailashBuilder"/> collected; one instance per service collection (registered as a singleton).</summary>
internal sealed class KailashSetup
{
    public List<(string? Name, Type Type)> NodeTypes { get; } = [];

    public List<Func<IServiceProvider, Workflow>> Workflows { get; } = [];

    public List<string> WorkflowDirectories { get; } = [];

    public List<Action<IServiceProvider, RuntimeOptions>> RuntimeConfigurations { get; } = [];
}
