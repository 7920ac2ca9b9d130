namespace Kailash.Internal;

/// <summary>Edit-distance suggestions ("did you mean") and bounded choice lists for error messages.</summary>
internal static class Suggestions
{
    /// <summary>The most choices an error message lists.</summary>
    public const int MaxListed = 10;

    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(value.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var threshold = Math.Max(2, value.Length / 3);
        return bestDistance <= threshold ? best : null;
    }

    public static string List(IEnumerable<string> choices)
    {
        var all = choices.ToList();
        var shown = string.Join(", ", all.Take(MaxListed).Select(c => $"'{c}'"));
        return all.Count > MaxListed ? $"{shown} (and {all.Count - MaxListed} more)" : shown;
    }

    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        var closest = Closest(value, candidates);
        return closest is null ? string.Empty : $" Did you mean '{closest}'?";
    }

    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
