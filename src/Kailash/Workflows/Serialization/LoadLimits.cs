using System.Globalization;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// The limits a workflow file must stay within, so that a hostile file ends in a coded error (<c>KWF024</c>) instead of
/// exhausting memory or time. Generous for real workflows: 20,000 nodes load far below every limit.
/// </summary>
internal static class LoadLimits
{
    /// <summary>The most characters a workflow file may hold (32 MiB of text).</summary>
    public const int MaxChars = 32 * 1024 * 1024;

    /// <summary>The deepest a JSON or YAML document may nest.</summary>
    public const int MaxDepth = 256;

    /// <summary>The most nodes a workflow file may declare.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>The most values (scalars, lists, maps) a document may expand to; YAML aliases can multiply a small file.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>The most characters of text (strings and keys) a document may expand to through YAML aliases.</summary>
    public const long MaxExpandedChars = 64L * 1024 * 1024;

    /// <summary>The most problems one load collects in detail; the rest are counted ("… and 199,990 more").</summary>
    public const int MaxReportedErrors = 100;

    public static string TooLargeText(long chars)
        => string.Create(CultureInfo.InvariantCulture, $"The file holds {chars:N0} characters; the limit is {MaxChars:N0} ({MaxChars / (1024 * 1024)} MiB). Please split the workflow.");
}
