using Kailash.Runtime.Analytics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kailash.Samples.AspNetCore;

/// <summary>The sample server's entry point (tests host it with WebApplicationFactory).</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        // <snippet:aspnetcore-server>
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddSingleton<IGreeter, Greeter>();              // your own services, injected into nodes
        builder.Services.AddKailash(kailash => kailash
            .AddNode<GreetingNode>()                                     // created through the container
            .AddWorkflowsFrom(Path.Combine(builder.Environment.ContentRootPath, "workflows")));
        builder.Services.AddHealthChecks().AddKailash();

        builder.Services.AddAuthentication(DemoHeaderAuthentication.SchemeName)
            .AddScheme<DemoHeaderAuthenticationOptions, DemoHeaderAuthentication>(DemoHeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("payroll-clerks", policy => policy.RequireRole("payroll"));
        builder.Services.AddKailashAuthorization(access => access.WorkflowPolicies["payroll"] = "payroll-clerks");

        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(KailashTelemetry.ActivitySourceName).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(KailashTelemetry.MeterName).AddAspNetCoreInstrumentation());
        if (builder.Configuration.GetValue("Telemetry:Console", defaultValue: false))
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddConsoleExporter());
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();                                                // /openapi/v1.json
        app.MapHealthChecks("/health");
        app.MapKailash("/kailash");                                      // the run API
        app.MapKailashDashboard("/kailash");                             // /kailash/dashboard
        app.Run();
        // </snippet:aspnetcore-server>
    }
}
