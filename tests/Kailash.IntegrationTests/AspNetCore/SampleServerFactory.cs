using Kailash.IntegrationTests.Hosting;
using Kailash.Nodes;
using Kailash.Workflows;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// The ASP.NET Core sample (samples/Kailash.Samples.AspNetCore) under WebApplicationFactory, plus a test-only
/// workflow "slow" (one <see cref="SlowNode"/>) for cancellation and parameter-type tests.
/// </summary>
public sealed class SampleServerFactory : WebApplicationFactory<Kailash.Samples.AspNetCore.GreetingNode>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Kailash:MaxRequestBodyBytes", "4096");
        builder.ConfigureServices(services => services.AddKailash(kailash => kailash
            .AddNode<SlowNode>()
            .AddWorkflow(provider => new WorkflowBuilder("slow", provider.GetRequiredService<NodeRegistry>()).AddNode("SlowNode", "wait").Build())));
    }
}
