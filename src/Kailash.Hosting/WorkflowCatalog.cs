using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kailash.Hosting;

/// <summary>
/// The workflows an application serves, by workflow id: those registered in code and every file of the configured
/// workflow folders (loaded once, with the container's node registry). A file that does not load, or a second workflow
/// with an id already taken, is a <see cref="Problems"/> entry with code <see cref="ErrorCodes.WorkflowFileRejected"/>.
/// </summary>
internal sealed class WorkflowCatalog
{
    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];
    private readonly Dictionary<string, Workflow> _workflows = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    public WorkflowCatalog(IServiceProvider services, KailashSetup setup)
    {
        var registry = services.GetRequiredService<NodeRegistry>();
        foreach (var factory in setup.Workflows)
        {
            Add(factory(services), "code");
        }

        var directories = setup.WorkflowDirectories.ToList();
        if (services.GetRequiredService<IOptions<KailashOptions>>().Value.WorkflowsDirectory is { Length: > 0 } configured)
        {
            directories.Add(configured);
        }

        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            var files = Directory.Exists(directory)
                ? Directory.GetFiles(directory).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
                : Enumerable.Empty<string>();
            foreach (var file in files)
            {
                try
                {
                    Add(WorkflowSerializer.LoadFile(file, registry), file);
                }
                catch (KailashException e)
                {
                    _problems.Add($"{ErrorCodes.WorkflowFileRejected}: {file}: {e.Message}");
                }
                catch (WorkflowValidationException e)
                {
                    _problems.Add($"{ErrorCodes.WorkflowFileRejected}: {file}: {e.Message}");
                }
            }
        }
    }

    /// <summary>Gets the served workflow ids, sorted.</summary>
    public IReadOnlyList<string> Ids => [.. _workflows.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Gets the workflows, sorted by id.</summary>
    public IEnumerable<Workflow> All => _workflows.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value);

    /// <summary>Gets the files that could not be served, one line each (code, file, reason).</summary>
    public IReadOnlyList<string> Problems => _problems;

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Workflow? workflow) => _workflows.TryGetValue(id, out workflow);

    private void Add(Workflow workflow, string source)
    {
        if (!_workflows.TryAdd(workflow.Id, workflow))
        {
            _problems.Add($"{ErrorCodes.WorkflowFileRejected}: {source}: workflow id '{workflow.Id}' is already served by another workflow; ids must be unique.");
        }
    }
}
