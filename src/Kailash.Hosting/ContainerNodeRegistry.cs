using System.Reflection;
using Kailash.Nodes;
using Kailash.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kailash.Hosting;

/// <summary>
/// Builds the container's <see cref="NodeRegistry"/>: the built-in nodes plus the registered node types, each created
/// through the container (constructor injection; <see cref="ActivatorUtilities"/>) every time a workflow places one.
/// Code nodes are allowed only with <see cref="KailashOptions.AllowCode"/>.
/// </summary>
internal static class ContainerNodeRegistry
{
    public static NodeRegistry Create(IServiceProvider services, KailashSetup setup)
    {
        var registry = NodeRegistry.CreateDefault();
        if (services.GetRequiredService<IOptions<KailashOptions>>().Value.AllowCode)
        {
            registry.Permissions = new WorkflowPermissions { AllowCode = true };
        }

        foreach (var (name, type) in setup.NodeTypes)
        {
            var factory = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
            registry.Register(name ?? type.Name, type, () => (Node)factory(services, null));
        }

        return registry.Freeze();
    }

    /// <summary>The node types of an assembly: public, concrete, non-generic <see cref="Node"/> types with a public constructor.</summary>
    public static IEnumerable<Type> NodeTypesIn(Assembly assembly)
        => assembly.GetExportedTypes()
            .Where(type => !type.IsAbstract && !type.ContainsGenericParameters && typeof(Node).IsAssignableFrom(type) && type.GetConstructors().Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
}
