using Kailash.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kailash.Cli;

/// <summary>
/// <c>kailash serve</c>: hosts the run API (<c>/kailash</c>), the dashboard (<c>/kailash/dashboard</c>) and health
/// (<c>/health</c>) over a folder of workflow files, until Ctrl+C. Invalid settings or workflow files: exit 2.
/// </summary>
internal sealed class ServeCommand(CliOutput output)
{
    public async Task<int> ExecuteAsync(DirectoryInfo workflows, string store, int port, string host, bool allowCode, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel().UseUrls($"http://{host}:{port}");
        builder.Configuration["Kailash:WorkflowsDirectory"] = workflows.FullName;
        builder.Configuration["Kailash:Store"] = store;
        builder.Configuration["Kailash:AllowCode"] = allowCode ? "true" : "false";
        builder.Services.AddKailash();
        builder.Services.AddHealthChecks().AddKailash();
        await using var app = builder.Build();
        try
        {
            _ = app.Services.GetRequiredService<IOptions<KailashOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await output.Error.WriteLineAsync(failure).ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }

        var catalog = app.Services.GetRequiredService<WorkflowCatalog>();
        if (catalog.Problems.Count > 0)
        {
            foreach (var problem in catalog.Problems)
            {
                await output.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }

        app.MapKailash("/kailash");
        app.MapKailashDashboard("/kailash");
        app.MapHealthChecks("/health");
        app.MapGet("/", () => Results.Redirect("/kailash/dashboard")).ExcludeFromDescription();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://{host}:{port}";
        await output.Out.WriteLineAsync($"Serving {catalog.Ids.Count} workflow(s) from {workflows.FullName} at {address}/kailash (run store: {Durability.RunStoreSpec.Describe(store)}{(allowCode ? "; code nodes allowed" : string.Empty)}).").ConfigureAwait(false);
        await output.Out.WriteLineAsync($"Dashboard: {address}/kailash/dashboard   Health: {address}/health   Stop: Ctrl+C").ConfigureAwait(false);
        // Ctrl+C reaches us through the token; SIGTERM stops the host, which signals ApplicationStopping.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop cleanly.
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Completed;
    }
}
