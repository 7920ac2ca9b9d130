using System.Collections;
using System.Globalization;
using Kailash.Internal;
using Kailash.Workflows;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Reads a node's resilience policy from <see cref="NodeSpec.Extensions"/>, whether it was set by the builder or read from a
/// workflow file (plain data with snake_case keys), and writes the builder's typed options as the same plain data, so a
/// workflow saved to a file and loaded again keeps its policies.
/// </summary>
/// <remarks>
/// Keys (all optional): <c>retry</c> (a map, a registered strategy name, an attempt count, or <c>false</c>), <c>timeout</c>
/// (seconds, a map, or <c>false</c>), <c>circuit_breaker</c> (a map, <c>true</c> for defaults, or <c>false</c>) and
/// <c>resources</c> (a resource key or a list of keys). See <c>docs/architecture/decisions/ent.md</c> for every field.
/// The file is over 400 lines on purpose: the readers and writers of the four policies share the key names and the value
/// checks, and keeping them in one class is what lets a field added to a reader not be forgotten by its writer, so a
/// saved workflow loads back with the same policies.
/// </remarks>
internal static class NodePolicyReader
{
    public const string RetryKey = "retry";
    public const string TimeoutKey = "timeout";
    public const string CircuitBreakerKey = "circuit_breaker";
    public const string ResourcesKey = "resources";

    internal static readonly string[] RetryFields =
    [
        "max_attempts", "backoff", "base_delay_ms", "base_delay_seconds", "max_delay_ms", "max_delay_seconds", "jitter",
        "retriable_exceptions", "non_retriable_exceptions", "retriable_patterns", "non_retriable_patterns", "strategy",
    ];

    internal static readonly string[] TimeoutFields = ["timeout_seconds", "timeout_ms", "attempt_timeout_seconds", "attempt_timeout_ms"];

    internal static readonly string[] BreakerFields =
        ["failure_threshold", "break_duration_seconds", "break_duration_ms", "success_threshold", "recovery_threshold", "key"];

    /// <summary>Tells whether an extension key holds a resilience setting this reader understands.</summary>
    public static bool IsPolicyKey(string key) => key is RetryKey or TimeoutKey or CircuitBreakerKey or ResourcesKey;

    /// <summary>Reads the node's policy, or returns <see langword="null"/> when it declares none.</summary>
    public static NodePolicyDefinition? Read(NodeSpec spec)
    {
        var extensions = spec.Extensions;
        if (extensions.Count == 0)
        {
            return null;
        }

        var hasRetry = extensions.TryGetValue(RetryKey, out var retry);
        var hasTimeout = extensions.TryGetValue(TimeoutKey, out var timeout);
        var hasBreaker = extensions.TryGetValue(CircuitBreakerKey, out var breaker);
        var hasResources = extensions.TryGetValue(ResourcesKey, out var resources);
        if (!hasRetry && !hasTimeout && !hasBreaker && !hasResources)
        {
            return null;
        }

        var definition = new NodePolicyDefinition();
        var owner = $"Node '{spec.Id}'";
        if (hasRetry)
        {
            ReadRetry(retry, definition, owner);
        }

        if (hasTimeout)
        {
            ReadTimeout(timeout, definition, owner);
        }

        if (hasBreaker)
        {
            ReadBreaker(breaker, definition, owner);
        }

        if (hasResources)
        {
            ReadResources(resources, definition, owner);
        }

        return definition;
    }

    /// <summary>Writes retry options as the plain data a workflow file holds.</summary>
    public static Dictionary<string, object?> ToData(RetryPolicyOptions options)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["max_attempts"] = (long)options.MaxAttempts,
            ["backoff"] = options.Backoff.ToString().ToLowerInvariant(),
            ["base_delay_ms"] = options.BaseDelay.TotalMilliseconds,
            ["jitter"] = options.UseJitter,
        };
        if (options.MaxDelay is { } max)
        {
            data["max_delay_ms"] = max.TotalMilliseconds;
        }

        AddList(data, "retriable_exceptions", [.. options.RetriableExceptions.Select(t => t.FullName ?? t.Name), .. options.RetriableExceptionTypeNames]);
        AddList(data, "non_retriable_exceptions", [.. options.NonRetriableExceptions.Select(t => t.FullName ?? t.Name), .. options.NonRetriableExceptionTypeNames]);
        AddList(data, "retriable_patterns", [.. options.RetriableMessagePatterns]);
        AddList(data, "non_retriable_patterns", [.. options.NonRetriableMessagePatterns]);
        return data;
    }

    /// <summary>Writes timeout options as plain data.</summary>
    public static Dictionary<string, object?> ToData(NodeTimeoutOptions options)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (options.Timeout is { } total)
        {
            data["timeout_ms"] = total.TotalMilliseconds;
        }

        if (options.AttemptTimeout is { } attempt)
        {
            data["attempt_timeout_ms"] = attempt.TotalMilliseconds;
        }

        return data;
    }

    /// <summary>Writes circuit-breaker options as plain data.</summary>
    public static Dictionary<string, object?> ToData(CircuitBreakerPolicyOptions options)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["failure_threshold"] = (long)options.FailureThreshold,
            ["break_duration_ms"] = options.BreakDuration.TotalMilliseconds,
            ["success_threshold"] = (long)options.SuccessThreshold,
        };
        if (options.Key is { } key)
        {
            data["key"] = key;
        }

        return data;
    }

    private static void AddList(Dictionary<string, object?> data, string key, List<object?> values)
    {
        if (values.Count > 0)
        {
            data[key] = values;
        }
    }

    private static void ReadRetry(object? value, NodePolicyDefinition definition, string owner)
    {
        owner += " retry";
        switch (value)
        {
            case null:
                return;
            case RetryPolicyOptions typed:
                definition.Retry = typed.Clone();
                break;
            case bool enabled:
                definition.RetryDisabled = !enabled;
                definition.Retry = enabled ? new RetryPolicyOptions() : null;
                break;
            case string name:
                definition.RetryStrategy = CheckName(name, definition, owner);
                break;
            default:
                if (TryNumber(value, out var attempts))
                {
                    definition.Retry = new RetryPolicyOptions { MaxAttempts = ToInt(attempts, definition, owner, "max_attempts") };
                    break;
                }

                if (!TryMap(value, out var map))
                {
                    definition.Errors.Add($"{owner} must be a map of settings, a registered strategy name, an attempt count or false (was {ValueConverter.Describe(value)}).");
                    return;
                }

                ReadRetryMap(map, definition, owner);
                break;
        }

        definition.Retry?.Validate(definition.Errors, owner);
    }

    private static void ReadRetryMap(IReadOnlyDictionary<string, object?> map, NodePolicyDefinition definition, string owner)
    {
        CheckKeys(map, RetryFields, definition, owner);
        if (map.TryGetValue("strategy", out var strategy))
        {
            if (map.Count > 1)
            {
                definition.Errors.Add($"{owner}: 'strategy' names a registered retry strategy and cannot be combined with other settings. Please remove either 'strategy' or the other keys.");
            }

            definition.RetryStrategy = strategy is string name ? CheckName(name, definition, owner) : null;
            if (strategy is not string)
            {
                definition.Errors.Add($"{owner}: 'strategy' must be a string (was {ValueConverter.Describe(strategy)}).");
            }

            return;
        }

        var options = new RetryPolicyOptions();
        if (map.TryGetValue("max_attempts", out var attempts))
        {
            options.MaxAttempts = ToInt(attempts, definition, owner, "max_attempts");
        }

        if (map.TryGetValue("backoff", out var backoff))
        {
            if (backoff is string text && Enum.TryParse<RetryBackoff>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                options.Backoff = parsed;
            }
            else if (backoff is string fixedText && fixedText.Equals("fixed", StringComparison.OrdinalIgnoreCase))
            {
                options.Backoff = RetryBackoff.Constant;
            }
            else
            {
                definition.Errors.Add($"{owner}: 'backoff' must be 'exponential', 'linear' or 'constant' (was {ValueConverter.Describe(backoff)}).");
            }
        }

        options.BaseDelay = ReadDuration(map, "base_delay", definition, owner) ?? options.BaseDelay;
        options.MaxDelay = ReadDuration(map, "max_delay", definition, owner) ?? options.MaxDelay;
        if (map.TryGetValue("jitter", out var jitter))
        {
            options.UseJitter = ToBool(jitter, definition, owner, "jitter");
        }

        ReadStrings(map, "retriable_exceptions", options.RetriableExceptionTypeNames, definition, owner);
        ReadStrings(map, "non_retriable_exceptions", options.NonRetriableExceptionTypeNames, definition, owner);
        ReadStrings(map, "retriable_patterns", options.RetriableMessagePatterns, definition, owner);
        ReadStrings(map, "non_retriable_patterns", options.NonRetriableMessagePatterns, definition, owner);
        definition.Retry = options;
    }

    private static void ReadTimeout(object? value, NodePolicyDefinition definition, string owner)
    {
        owner += " timeout";
        switch (value)
        {
            case null:
                return;
            case NodeTimeoutOptions typed:
                definition.Timeout = typed.Clone();
                break;
            case TimeSpan span:
                definition.Timeout = new NodeTimeoutOptions { Timeout = span };
                break;
            case bool enabled when !enabled:
                definition.TimeoutDisabled = true;
                return;
            default:
                if (TryNumber(value, out var seconds))
                {
                    definition.Timeout = new NodeTimeoutOptions { Timeout = Seconds(seconds, definition, owner) };
                    break;
                }

                if (!TryMap(value, out var map))
                {
                    definition.Errors.Add($"{owner} must be a number of seconds, a map with 'timeout_seconds'/'attempt_timeout_seconds', or false (was {ValueConverter.Describe(value)}).");
                    return;
                }

                CheckKeys(map, TimeoutFields, definition, owner);
                definition.Timeout = new NodeTimeoutOptions
                {
                    Timeout = ReadDuration(map, "timeout", definition, owner),
                    AttemptTimeout = ReadDuration(map, "attempt_timeout", definition, owner),
                };
                break;
        }

        definition.Timeout.Validate(definition.Errors, owner);
    }

    private static void ReadBreaker(object? value, NodePolicyDefinition definition, string owner)
    {
        owner += " circuit_breaker";
        switch (value)
        {
            case null:
                return;
            case CircuitBreakerPolicyOptions typed:
                definition.CircuitBreaker = typed.Clone();
                break;
            case bool enabled:
                definition.CircuitBreakerDisabled = !enabled;
                definition.CircuitBreaker = enabled ? new CircuitBreakerPolicyOptions() : null;
                break;
            default:
                if (!TryMap(value, out var map))
                {
                    definition.Errors.Add($"{owner} must be a map of settings, true or false (was {ValueConverter.Describe(value)}).");
                    return;
                }

                CheckKeys(map, BreakerFields, definition, owner);
                var options = new CircuitBreakerPolicyOptions();
                if (map.TryGetValue("failure_threshold", out var failures))
                {
                    options.FailureThreshold = ToInt(failures, definition, owner, "failure_threshold");
                }

                if (map.TryGetValue("success_threshold", out var successes) || map.TryGetValue("recovery_threshold", out successes))
                {
                    options.SuccessThreshold = ToInt(successes, definition, owner, "success_threshold");
                }

                options.BreakDuration = ReadDuration(map, "break_duration", definition, owner) ?? options.BreakDuration;
                if (map.TryGetValue("key", out var key))
                {
                    options.Key = key as string;
                    if (key is not string)
                    {
                        definition.Errors.Add($"{owner}: 'key' must be a string (was {ValueConverter.Describe(key)}).");
                    }
                }

                definition.CircuitBreaker = options;
                break;
        }

        definition.CircuitBreaker?.Validate(definition.Errors, owner);
    }

    private static void ReadResources(object? value, NodePolicyDefinition definition, string owner)
    {
        owner += " resources";
        switch (value)
        {
            case null:
                return;
            case string single:
                definition.Resources = [single];
                break;
            case IEnumerable items:
                var keys = new List<string>();
                foreach (var item in items)
                {
                    if (item is string key && !string.IsNullOrWhiteSpace(key))
                    {
                        keys.Add(key);
                    }
                    else
                    {
                        definition.Errors.Add($"{owner} must list resource keys as strings (found {ValueConverter.Describe(item)}).");
                    }
                }

                definition.Resources = keys;
                break;
            default:
                definition.Errors.Add($"{owner} must be a resource key or a list of keys (was {ValueConverter.Describe(value)}).");
                break;
        }
    }

    private static string? CheckName(string name, NodePolicyDefinition definition, string owner)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            definition.Errors.Add($"{owner}: the retry strategy name must not be empty.");
            return null;
        }

        return name;
    }

    private static void CheckKeys(IReadOnlyDictionary<string, object?> map, string[] allowed, NodePolicyDefinition definition, string owner)
    {
        foreach (var key in map.Keys)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                definition.Errors.Add($"{owner}: unknown setting '{key}'.{Suggestions.DidYouMean(key, allowed)} Allowed: {Suggestions.List(allowed)}.");
            }
        }
    }

    private static TimeSpan? ReadDuration(IReadOnlyDictionary<string, object?> map, string stem, NodePolicyDefinition definition, string owner)
    {
        if (map.TryGetValue(stem + "_ms", out var ms))
        {
            return TryNumber(ms, out var value) ? TimeSpan.FromMilliseconds(value) : Invalid(definition, owner, stem + "_ms", ms);
        }

        if (map.TryGetValue(stem + "_seconds", out var seconds))
        {
            return TryNumber(seconds, out var value) ? Seconds(value, definition, owner) : Invalid(definition, owner, stem + "_seconds", seconds);
        }

        return null;
    }

    private static TimeSpan? Invalid(NodePolicyDefinition definition, string owner, string key, object? value)
    {
        definition.Errors.Add($"{owner}: '{key}' must be a number (was {ValueConverter.Describe(value)}).");
        return null;
    }

    private static TimeSpan Seconds(double value, NodePolicyDefinition definition, string owner)
    {
        if (double.IsNaN(value) || value < 0 || value > TimeSpan.FromDays(1).TotalSeconds)
        {
            definition.Errors.Add($"{owner}: a duration of {value.ToString(CultureInfo.InvariantCulture)} seconds is out of range (0 to 1 day).");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(value);
    }

    private static void ReadStrings(IReadOnlyDictionary<string, object?> map, string key, IList<string> target, NodePolicyDefinition definition, string owner)
    {
        if (!map.TryGetValue(key, out var value) || value is null)
        {
            return;
        }

        if (value is string single)
        {
            target.Add(single);
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                switch (item)
                {
                    case string text:
                        target.Add(text);
                        break;
                    case Type type when key.EndsWith("exceptions", StringComparison.Ordinal):
                        target.Add(type.FullName ?? type.Name);
                        break;
                    default:
                        definition.Errors.Add($"{owner}: '{key}' must list strings (found {ValueConverter.Describe(item)}).");
                        break;
                }
            }

            return;
        }

        definition.Errors.Add($"{owner}: '{key}' must be a string or a list of strings (was {ValueConverter.Describe(value)}).");
    }

    private static int ToInt(object? value, NodePolicyDefinition definition, string owner, string key)
    {
        if (TryNumber(value, out var number) && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }

        definition.Errors.Add($"{owner}: '{key}' must be a whole number (was {ValueConverter.Describe(value)}).");
        return 1;
    }

    private static bool ToBool(object? value, NodePolicyDefinition definition, string owner, string key)
    {
        switch (value)
        {
            case bool flag:
                return flag;
            case string text when bool.TryParse(text, out var parsed):
                return parsed;
            default:
                definition.Errors.Add($"{owner}: '{key}' must be true or false (was {ValueConverter.Describe(value)}).");
                return false;
        }
    }

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l:
                number = l;
                return true;
            case int i:
                number = i;
                return true;
            case double d:
                number = d;
                return true;
            case float f:
                number = f;
                return true;
            case decimal m:
                number = (double)m;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private static bool TryMap(object? value, out IReadOnlyDictionary<string, object?> map)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> readOnly:
                map = readOnly;
                return true;
            case IDictionary<string, object?> dictionary:
                map = dictionary.AsReadOnly();
                return true;
            default:
                map = null!;
                return false;
        }
    }
}
