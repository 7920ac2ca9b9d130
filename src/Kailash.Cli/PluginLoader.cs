using System.Reflection;
using System.Runtime.Loader;
using Kailash.Nodes;

namespace Kailash.Cli;

/// <summary>
/// Loads node plugin assemblies (<c>--nodes</c>, <c>kailash.json</c> <c>plugins</c>), each in its own
/// <see cref="AssemblyLoadContext"/>: its private dependencies come from its own folder, while Kailash and everything the
/// command itself ships are shared, so the plugin's nodes derive from the same <see cref="Node"/> type.
/// </summary>
internal static class PluginLoader
{
    private static readonly HashSet<string> Shared = SharedAssemblies();

    public static int Register(NodeRegistry registry, string path)
    {
        if (!File.Exists(path))
        {
            throw Failed(path, "the file does not exist");
        }

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            throw Failed(path, $"it is not a loadable .NET assembly ({ex.Message})");
        }

        int count;
        try
        {
            count = registry.RegisterAssembly(assembly);
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or TypeLoadException or FileNotFoundException or ArgumentException)
        {
            throw Failed(path, $"its node types could not be read ({ex.Message})");
        }

        return count > 0 ? count : throw Failed(path, "it has no public node types (public, non-abstract classes deriving from Kailash.Nodes.Node with a parameterless constructor)");
    }

    private static CliInputException Failed(string path, string reason)
        => new(ErrorCodes.PluginLoadFailed, $"{ErrorCodes.PluginLoadFailed}: The node assembly '{path}' could not be loaded: {reason}. Please check --nodes / kailash.json plugins.");

    private static HashSet<string> SharedAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        foreach (var loaded in AssemblyLoadContext.Default.Assemblies)
        {
            names.Add(loaded.GetName().Name ?? string.Empty);
        }

        return names;
    }

    private sealed class PluginLoadContext : AssemblyLoadContext
    {
        private readonly AssemblyDependencyResolver _resolver;

        public PluginLoadContext(string path)
            : base($"kailash-plugin:{Path.GetFileName(path)}", isCollectible: false)
            => _resolver = new AssemblyDependencyResolver(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Shared with the command (Kailash itself, the framework, the command's own dependencies): use the default context.
            if (assemblyName.Name is { } name && Shared.Contains(name))
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
            => _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
    }
}
