namespace Kailash.Security;

/// <summary>Checks URLs against <see cref="WorkflowPermissions.AllowedHosts"/>.</summary>
internal static class HostGuard
{
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var (host, port) = Split(pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern);
        return host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown && port is null or (> 0 and <= 65535);
    }

    public static Uri Check(WorkflowPermissions permissions, string url, string? nodeId, string? port)
    {
        var where = nodeId is null ? string.Empty : $"Node '{nodeId}': ";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new KailashException(ErrorCodes.InvalidUrl, $"{where}'{url}' is not an absolute http:// or https:// URL. Please give a full URL such as https://api.example.com/items.", nodeId, port);
        }

        if (permissions.AllowedHosts is { } allowed && !allowed.Any(pattern => Matches(pattern, uri)))
        {
            throw new KailashException(ErrorCodes.HostNotAllowed, $"{where}The host '{uri.Authority}' is not allowed (allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}). Please add it to the allowed hosts (--allow-host, kailash.json permissions.hosts, WorkflowPermissions.AllowedHosts).", nodeId, port);
        }

        return uri;
    }

    private static bool Matches(string pattern, Uri uri)
    {
        var wildcard = pattern.StartsWith("*.", StringComparison.Ordinal);
        var (host, port) = Split(wildcard ? pattern[2..] : pattern);
        if (port is { } p && p != uri.Port)
        {
            return false;
        }

        var actual = uri.IdnHost.Trim('[', ']');
        host = host.Trim('[', ']');
        return wildcard
            ? actual.EndsWith("." + host, StringComparison.OrdinalIgnoreCase)
            : string.Equals(actual, host, StringComparison.OrdinalIgnoreCase);
    }

    private static (string Host, int? Port) Split(string pattern)
    {
        // "[::1]:8080", "host:8080", "host", "::1" (bare IPv6 literal, no port).
        if (pattern.StartsWith('['))
        {
            var close = pattern.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return (string.Empty, null);
            }

            var rest = pattern[(close + 1)..];
            return (pattern[1..close], rest.StartsWith(':') && int.TryParse(rest[1..], out var bracketPort) ? bracketPort : rest.Length == 0 ? null : -1);
        }

        var colon = pattern.LastIndexOf(':');
        if (colon > 0 && pattern.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            return (pattern[..colon], int.TryParse(pattern[(colon + 1)..], out var hostPort) ? hostPort : -1);
        }

        return (pattern, null);
    }
}
