using System.Security.Claims;
using Kailash.Nodes;

namespace Kailash.AspNetCore;

/// <summary>Converts between an ASP.NET Core <see cref="ClaimsPrincipal"/> and Kailash's <see cref="UserContext"/>.</summary>
internal static class ClaimsUsers
{
    private const string AuthenticationType = "Kailash";

    /// <summary>The run's user: id from NameIdentifier (else Name), roles from the role claims, other claims as attributes.</summary>
    public static UserContext? FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var roleType = (identity as ClaimsIdentity)?.RoleClaimType ?? ClaimTypes.Role;
        var id = principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name ?? "authenticated";
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var claim in principal.Claims.Where(c => c.Type != roleType && c.Type != ClaimTypes.NameIdentifier))
        {
            attributes.TryAdd(claim.Type, claim.Value);
        }

        return new UserContext(id)
        {
            Roles = [.. principal.Claims.Where(c => c.Type == roleType).Select(c => c.Value).Distinct(StringComparer.Ordinal)],
            Attributes = attributes,
        };
    }

    /// <summary>The principal an authorization policy evaluates for a run's user (unauthenticated when there is none).</summary>
    public static ClaimsPrincipal ToPrincipal(UserContext? user)
    {
        if (user is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserId) };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        foreach (var (type, value) in user.Attributes)
        {
            if (value is not null)
            {
                claims.Add(new Claim(type, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
