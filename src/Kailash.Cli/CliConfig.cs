using System.Globalization;
using System.Text.Json;
using Kailash.Internal;

namespace Kailash.Cli;

/// <summary>
/// A <c>kailash.json</c>: plugins, secrets provider, permissions, limits, resources and the AI provider. Relative paths in it
/// are taken from the file's own directory. Unknown keys are errors (a typo must not silently loosen or tighten anything).
/// </summary>
internal sealed class CliConfig
{
    public const string FileName = "kailash.json";

    /// <summary>The keys a <c>kailash.json</c> accepts, by section (<c>(root)</c> for the top level, <c>resources.*</c> for each resource).</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Keys = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Root] = ["plugins", "secrets", "permissions", "limits", "resources", "ai", "store"],
        ["secrets"] = ["provider", "prefix"],
        ["permissions"] = ["paths", "hosts", "code"],
        ["limits"] = ["max_steps", "timeout", "error_policy", "max_concurrency", "max_concurrent_runs"],
        [AnyResource] = ["max_concurrency", "rate_limit", "rate_period", "queue_limit"],
        ["ai"] = ["provider", "endpoint", "model", "embedding_model", "api_key_secret"],
    };

    private const string Root = "(root)";
    private const string AnyResource = "resources.*";

    public string? Source { get; private init; }

    public List<string> Plugins { get; } = [];

    public string SecretsProvider { get; private set; } = "environment";

    public string SecretsPrefix { get; private set; } = Runtime.Parameters.EnvironmentSecretProvider.DefaultPrefix;

    public List<string> Paths { get; } = [];

    public List<string>? Hosts { get; private set; }

    public bool AllowCode { get; private set; }

    public long? MaxSteps { get; private set; }

    public TimeSpan? Timeout { get; private set; }

    public string? ErrorPolicy { get; private set; }

    public int? MaxConcurrency { get; private set; }

    public int? MaxConcurrentRuns { get; private set; }

    public Dictionary<string, Runtime.Enterprise.ResourceOptions> Resources { get; } = new(StringComparer.Ordinal);

    public AiSettings? Ai { get; private set; }

    /// <summary>Gets the run store runs are recorded in (<c>sqlite:PATH</c>, <c>postgres:CONNSTRING</c>), when the file names one.</summary>
    public string? Store { get; private set; }

    /// <summary>Finds the config: an explicit file, else <c>kailash.json</c> beside the workflow, else in the working directory.</summary>
    public static CliConfig Find(string? explicitFile, string? workflowFile)
    {
        if (explicitFile is not null)
        {
            return File.Exists(explicitFile)
                ? Load(explicitFile)
                : throw new CliInputException(ErrorCodes.InvalidCliConfig, $"{ErrorCodes.InvalidCliConfig}: The config file '{explicitFile}' does not exist. Please check --config.");
        }

        var candidates = new List<string>(2);
        if (workflowFile is not null && Path.GetDirectoryName(Path.GetFullPath(workflowFile)) is { } directory)
        {
            candidates.Add(Path.Combine(directory, FileName));
        }

        candidates.Add(Path.Combine(Directory.GetCurrentDirectory(), FileName));
        return candidates.FirstOrDefault(File.Exists) is { } found ? Load(found) : new CliConfig();
    }

    public static CliConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(full, $"could not be read: {ex.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var config = new CliConfig { Source = full };
            config.Read(document.RootElement, Path.GetDirectoryName(full)!);
            return config;
        }
        catch (JsonException ex)
        {
            throw Invalid(full, $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}");
        }
    }

    private static CliInputException Invalid(string file, string problem)
        => new(ErrorCodes.InvalidCliConfig, $"{ErrorCodes.InvalidCliConfig}: {file} {problem}");

    private static void CheckKeys(JsonElement element, string file, string section, IReadOnlyCollection<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(file, $"'{section}' must be an object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw Invalid(file, $"has an unknown key '{section}.{property.Name}'.{Suggestions.DidYouMean(property.Name, known)} Known keys: {Suggestions.List(known)}.");
            }
        }
    }

    private void Read(JsonElement root, string directory)
    {
        var file = Source!;
        CheckKeys(root, file, Root, Keys[Root]);
        if (root.TryGetProperty("store", out var store))
        {
            Store = String(store, file, "store");
        }

        if (root.TryGetProperty("plugins", out var plugins))
        {
            Plugins.AddRange(Strings(plugins, file, "plugins").Select(p => Path.GetFullPath(p, directory)));
        }

        if (root.TryGetProperty("secrets", out var secrets))
        {
            CheckKeys(secrets, file, "secrets", Keys["secrets"]);
            SecretsProvider = secrets.TryGetProperty("provider", out var provider) ? String(provider, file, "secrets.provider") : SecretsProvider;
            if (SecretsProvider is not ("environment" or "none"))
            {
                throw Invalid(file, $"'secrets.provider' is '{SecretsProvider}'; it must be 'environment' or 'none'.");
            }

            SecretsPrefix = secrets.TryGetProperty("prefix", out var prefix) ? String(prefix, file, "secrets.prefix") : SecretsPrefix;
        }

        if (root.TryGetProperty("permissions", out var permissions))
        {
            CheckKeys(permissions, file, "permissions", Keys["permissions"]);
            if (permissions.TryGetProperty("paths", out var paths))
            {
                Paths.AddRange(Strings(paths, file, "permissions.paths").Select(p => Path.GetFullPath(p, directory)));
            }

            if (permissions.TryGetProperty("hosts", out var hosts))
            {
                Hosts = Strings(hosts, file, "permissions.hosts");
            }

            AllowCode = permissions.TryGetProperty("code", out var code) && Bool(code, file, "permissions.code");
        }

        if (root.TryGetProperty("limits", out var limits))
        {
            ReadLimits(limits, file);
        }

        if (root.TryGetProperty("resources", out var resources))
        {
            ReadResources(resources, file);
        }

        if (root.TryGetProperty("ai", out var ai))
        {
            Ai = AiSettings.Read(ai, file);
        }
    }

    private void ReadLimits(JsonElement limits, string file)
    {
        CheckKeys(limits, file, "limits", Keys["limits"]);
        foreach (var property in limits.EnumerateObject())
        {
            var key = "limits." + property.Name;
            switch (property.Name)
            {
                case "max_steps":
                    MaxSteps = Long(property.Value, file, key);
                    break;
                case "timeout":
                    Timeout = property.Value.ValueKind == JsonValueKind.Number
                        ? CliOptions.ParseTimeout(property.Value.GetRawText(), key, ErrorCodes.InvalidCliConfig)
                        : CliOptions.ParseTimeout(String(property.Value, file, key), key, ErrorCodes.InvalidCliConfig);
                    break;
                case "error_policy":
                    ErrorPolicy = String(property.Value, file, key);
                    if (ErrorPolicy is not ("stop" or "continue"))
                    {
                        throw Invalid(file, $"'{key}' is '{ErrorPolicy}'; it must be 'stop' or 'continue'.");
                    }

                    break;
                case "max_concurrency":
                    MaxConcurrency = checked((int)Long(property.Value, file, key));
                    break;
                default:
                    MaxConcurrentRuns = checked((int)Long(property.Value, file, key));
                    break;
            }
        }
    }

    private void ReadResources(JsonElement resources, string file)
    {
        if (resources.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(file, "'resources' must be an object of resource name to limits.");
        }

        foreach (var resource in resources.EnumerateObject())
        {
            var section = "resources." + resource.Name;
            CheckKeys(resource.Value, file, section, Keys[AnyResource]);
            var options = new Runtime.Enterprise.ResourceOptions();
            foreach (var property in resource.Value.EnumerateObject())
            {
                var key = section + "." + property.Name;
                switch (property.Name)
                {
                    case "max_concurrency":
                        options.MaxConcurrency = checked((int)Long(property.Value, file, key));
                        break;
                    case "rate_limit":
                        options.RateLimit = checked((int)Long(property.Value, file, key));
                        break;
                    case "rate_period":
                        options.RatePeriod = CliOptions.ParseTimeout(property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetRawText() : String(property.Value, file, key), key, ErrorCodes.InvalidCliConfig);
                        break;
                    default:
                        options.QueueLimit = checked((int)Long(property.Value, file, key));
                        break;
                }
            }

            Resources[resource.Name] = options;
        }
    }

    internal static string String(JsonElement value, string file, string key)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(file, $"'{key}' must be a string.");

    private static bool Bool(JsonElement value, string file, string key)
        => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Invalid(file, $"'{key}' must be true or false.");

    private static long Long(JsonElement value, string file, string key)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Invalid(file, $"'{key}' must be a whole number.");

    private static List<string> Strings(JsonElement value, string file, string key)
        => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : throw Invalid(file, $"'{key}' must be an array of strings.");

    /// <summary>The <c>ai</c> section: which chat client and embedding generator AI nodes use.</summary>
    internal sealed record AiSettings(string Provider, string? Endpoint, string? Model, string? EmbeddingModel, string? ApiKeySecret)
    {
        public static AiSettings Read(JsonElement ai, string file)
        {
            CheckKeys(ai, file, "ai", Keys["ai"]);
            string? Optional(string key) => ai.TryGetProperty(key, out var v) ? String(v, file, "ai." + key) : null;
            var provider = Optional("provider") ?? throw Invalid(file, "'ai.provider' is required: 'echo' (offline, for tests and demos) or 'openai' (any OpenAI-compatible endpoint, Ollama included).");
            if (provider is not ("echo" or "openai"))
            {
                throw Invalid(file, $"'ai.provider' is '{provider}'; it must be 'echo' or 'openai'.");
            }

            var endpoint = Optional("endpoint");
            if (provider == "openai" && (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out _)))
            {
                throw Invalid(file, "'ai.endpoint' must be an absolute URL for the 'openai' provider (for Ollama: http://localhost:11434/v1).");
            }

            return new AiSettings(provider, endpoint, Optional("model"), Optional("embedding_model"), Optional("api_key_secret"));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Provider} {Endpoint} {Model}");
    }
}
