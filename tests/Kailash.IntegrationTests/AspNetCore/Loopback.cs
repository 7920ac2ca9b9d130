using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>A real Kestrel socket on loopback for the API tests: the port is chosen by the OS when the app starts.</summary>
internal static class Loopback
{
    /// <summary>Creates a slim builder whose Kestrel listens on 127.0.0.1 on a free port.</summary>
    public static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        return builder;
    }

    /// <summary>Gets the address a started app listens on.</summary>
    public static string Address(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    /// <summary>Creates a client for a started app.</summary>
    public static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(Address(app)) };
}
