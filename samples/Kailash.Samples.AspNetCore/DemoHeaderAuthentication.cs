using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kailash.Samples.AspNetCore;

/// <summary>Options of <see cref="DemoHeaderAuthentication"/>.</summary>
public sealed class DemoHeaderAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// DEMO ONLY: trusts the X-Demo-User and X-Demo-Roles headers. It stands in for real authentication (JWT bearer,
/// cookies, Entra ID…) so the sample runs without an identity provider. Never use it in an application.
/// </summary>
internal sealed class DemoHeaderAuthentication(IOptionsMonitor<DemoHeaderAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<DemoHeaderAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "DemoHeader";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers["X-Demo-User"].ToString();
        if (user.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user) };
        claims.AddRange(Request.Headers["X-Demo-Roles"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
