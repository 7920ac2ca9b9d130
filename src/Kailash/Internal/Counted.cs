using System.Globalization;

namespace Kailash.Internal;

/// <summary>A count with its noun in the right number for messages: "1 node", "2 nodes", "1,000 entries".</summary>
internal static class Counted
{
    /// <summary>Formats <paramref name="count"/> (with thousands separators) followed by the singular or the plural noun.</summary>
    /// <param name="count">The count.</param>
    /// <param name="singular">The noun for one ("node").</param>
    /// <param name="plural">The noun for any other count; the singular with an "s" when <see langword="null"/>.</param>
    public static string Of(long count, string singular, string? plural = null)
        => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");
}
