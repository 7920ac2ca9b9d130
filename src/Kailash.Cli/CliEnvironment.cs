using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Security;

namespace Kailash.Cli;

/// <summary>
/// What a command needs besides the workflow file: the node registry (built-ins plus plugins, with the permissions) and the
/// runtime options (secrets, permissions, limits, resources, AI services). Flags override <c>kailash.json</c>.
/// </summary>
internal sealed class CliEnvironment
{
    private CliEnvironment(NodeRegistry registry, CliConfig config, CliSettings settings, WorkflowPermissions permissions)
    {
        Registry = registry;
        Config = config;
        Settings = settings;
        Permissions = permissions;
    }

    public NodeRegistry Registry { get; }

    public CliConfig Config { get; }

    public CliSettings Settings { get; }

    public WorkflowPermissions Permissions { get; }

    /// <summary>Reads the config and loads the plugins.</summary>
    /// <exception cref="CliInputException">The config or a plugin is invalid (exit code 2).</exception>
    public static CliEnvironment Create(CliSettings settings, string? workflowFile)
    {
        var config = CliConfig.Find(settings.ConfigFile, workflowFile);
        var permissions = new WorkflowPermissions
        {
            // The CLI always allows the working directory; config and flags add directories.
            FileRoots = [Directory.GetCurrentDirectory(), .. config.Paths, .. settings.AllowedPaths.Select(p => Path.GetFullPath(p))],
            AllowedHosts = settings.AllowedHosts.Count > 0 ? [.. config.Hosts ?? [], .. settings.AllowedHosts] : config.Hosts,
            AllowCode = settings.AllowCode || config.AllowCode,
        };
        var errors = permissions.Validate();
        if (errors.Count > 0)
        {
            throw new CliInputException(ErrorCodes.InvalidCliConfig, $"{ErrorCodes.InvalidCliConfig}: Invalid permissions: {string.Join(" ", errors)}");
        }

        var registry = NodeRegistry.CreateDefault();
        foreach (var assembly in config.Plugins.Concat(settings.NodeAssemblies.Select(p => Path.GetFullPath(p))))
        {
            PluginLoader.Register(registry, assembly);
        }

        registry.Permissions = permissions;
        return new CliEnvironment(registry.Freeze(), config, settings, permissions);
    }

    /// <summary>Creates the runtime options: config first, then flags.</summary>
    public RuntimeOptions CreateRuntimeOptions()
    {
        var options = new RuntimeOptions
        {
            Permissions = Permissions,
            SecretProvider = Config.SecretsProvider == "none" ? null : new EnvironmentSecretProvider(Config.SecretsPrefix),
        };
        foreach (var (name, resource) in Config.Resources)
        {
            options.Resources[name] = resource;
        }

        if (Config.MaxConcurrentRuns is { } runs)
        {
            options.ResourceLimits = new Runtime.Enterprise.ResourceLimits { MaxConcurrentRuns = runs };
        }

        if (Config.MaxConcurrency is { } concurrency)
        {
            options.MaxConcurrency = concurrency;
        }

        if ((Settings.ErrorPolicy ?? Config.ErrorPolicy) is { } policy)
        {
            options.ErrorPolicy = policy == "continue" ? ErrorPolicy.Continue : ErrorPolicy.Stop;
        }

        if ((Settings.MaxSteps ?? Config.MaxSteps) is { } steps)
        {
            options.MaxSteps = steps;
        }

        if ((Settings.Timeout is { } text ? CliOptions.ParseTimeout(text, "--timeout") : Config.Timeout) is { } timeout)
        {
            options.RunTimeout = timeout;
        }

        return options;
    }
}
