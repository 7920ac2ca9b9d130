using System.Text.RegularExpressions;

namespace Kailash.Runtime.Enterprise;

/// <summary>A retry policy compiled once: attempt count and the exception rules, ready for classification.</summary>
internal sealed class RetryRules
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public RetryRules(RetryPolicyOptions options)
    {
        MaxAttempts = options.MaxAttempts;
        RetriableTypes = [.. options.RetriableExceptions];
        RetriableNames = [.. options.RetriableExceptionTypeNames];
        RetriablePatterns = Compile(options.RetriableMessagePatterns);
        NonRetriableTypes = [.. options.NonRetriableExceptions];
        NonRetriableNames = [.. options.NonRetriableExceptionTypeNames];
        NonRetriablePatterns = Compile(options.NonRetriableMessagePatterns);
        Restricts = RetriableTypes.Length + RetriableNames.Length + RetriablePatterns.Length > 0;
    }

    public int MaxAttempts { get; }

    public Type[] RetriableTypes { get; }

    public string[] RetriableNames { get; }

    public Regex[] RetriablePatterns { get; }

    public Type[] NonRetriableTypes { get; }

    public string[] NonRetriableNames { get; }

    public Regex[] NonRetriablePatterns { get; }

    /// <summary>Gets a value indicating whether the policy lists what is retriable (then nothing else is).</summary>
    public bool Restricts { get; }

    public static bool Matches(Type type, Type[] types, string[] names)
    {
        foreach (var candidate in types)
        {
            if (candidate.IsAssignableFrom(type))
            {
                return true;
            }
        }

        if (names.Length == 0)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var name in names)
            {
                if (string.Equals(name, current.FullName, StringComparison.Ordinal) || string.Equals(name, current.Name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool Matches(string message, Regex[] patterns)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                if (pattern.IsMatch(message))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern too slow for this message does not match it.
            }
        }

        return false;
    }

    private static Regex[] Compile(IList<string> patterns)
    {
        var compiled = new Regex[patterns.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = new Regex(patterns[i], RegexOptions.CultureInvariant, RegexTimeout);
        }

        return compiled;
    }
}
