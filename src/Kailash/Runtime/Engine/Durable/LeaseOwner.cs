using System.Diagnostics;
using System.Globalization;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// Who holds a run's lease: <c>host/pid/start</c> of this process. A lease whose owner is a process of this host that no
/// longer runs (killed, crashed) is stale and may be taken over at once, without waiting for it to expire.
/// </summary>
internal static class LeaseOwner
{
    private static readonly Lazy<string> Self = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return Format(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);
    });

    public static string Current => Self.Value;

    /// <summary>Tells whether an owner id names a process of this host that is gone (or whose id was reused by another process).</summary>
    public static bool IsDeadLocalProcess(string? owner)
    {
        var parts = owner?.Split('/');
        if (parts is not { Length: 3 } || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || process.StartTime.ToUniversalTime().Ticks != started;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string Format(string host, int pid, long started)
        => string.Create(CultureInfo.InvariantCulture, $"{host}/{pid}/{started}");
}
