using Kailash.Durability;
using Kailash.Runtime;
using Microsoft.Extensions.Options;

namespace Kailash.Hosting;

/// <summary>
/// Validates <see cref="KailashOptions"/> when the host starts (<c>ValidateOnStart</c>): binding problems, the runtime
/// settings (through <see cref="RuntimeOptions.Validate"/>) and the hosting settings, all reported together, each line
/// prefixed with <see cref="ErrorCodes.InvalidHostingConfiguration"/>.
/// </summary>
internal sealed class KailashOptionsValidator : IValidateOptions<KailashOptions>
{
    internal static readonly string[] SecretSources = ["environment", "configuration", "none"];

    public ValidateOptionsResult Validate(string? name, KailashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.BindingErrors);
        try
        {
            KailashRuntimeOptionsFactory.FromSettings(options).Validate();
        }
        catch (InvalidRuntimeOptionsException e)
        {
            errors.AddRange(e.Errors.Select(error => $"{KailashOptions.SectionName}: {error}"));
        }

        if (!SecretSources.Contains(options.Secrets, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Setting '{KailashOptions.SectionName}:Secrets' is '{options.Secrets}'; use one of {string.Join(", ", SecretSources)}.");
        }

        try
        {
            // Opening reads and creates nothing (stores connect on first use); it only checks the specification.
            using var store = RunStoreSpec.Open(options.StoreSpec);
        }
        catch (RunStoreException e)
        {
            errors.Add($"Setting '{KailashOptions.SectionName}:Store' is '{RunStoreSpec.Describe(options.Store)}'; use memory, sqlite:PATH or postgres:CONNSTRING. {e.Message}");
        }

        if (options.WorkflowsDirectory is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            errors.Add($"Setting '{KailashOptions.SectionName}:WorkflowsDirectory' names '{Path.GetFullPath(directory)}', which is not a folder.");
        }

        if (options.RunHistory < 1)
        {
            errors.Add($"Setting '{KailashOptions.SectionName}:RunHistory' must be at least 1 (was {options.RunHistory}).");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            errors.Add($"Setting '{KailashOptions.SectionName}:MaxRequestBodyBytes' must be at least 1024 (was {options.MaxRequestBodyBytes}).");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(error => $"{ErrorCodes.InvalidHostingConfiguration}: {error}"));
    }
}
