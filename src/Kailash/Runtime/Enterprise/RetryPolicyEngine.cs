using System.Collections.Concurrent;
using Polly;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// The retry rules of one runtime: the default policy, named strategies nodes can refer to, runtime-wide retriable and
/// non-retriable exception types, the classifier, and the retry metrics. Thread-safe.
/// </summary>
public sealed class RetryPolicyEngine
{
    private static readonly Type[] BuiltInNonRetriable =
    [
        typeof(ArgumentException), typeof(InvalidCastException), typeof(NotSupportedException), typeof(NotImplementedException),
        typeof(NullReferenceException), typeof(OutOfMemoryException), typeof(KailashException), typeof(ExecutionRejectedException),
    ];

    private static readonly System.Buffers.SearchValues<char> StrategyNameCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:");

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, RetryPolicyOptions> _strategies = new(StringComparer.Ordinal);
    private readonly RetryPolicyOptions? _default;
    private Type[] _retriable = [];
    private Type[] _nonRetriable = [];
    private int _version;

    internal RetryPolicyEngine(RetryPolicyOptions? defaultPolicy, int maxTrackedNodes = RuntimeOptions.DefaultMaxTrackedNodes)
    {
        _default = defaultPolicy?.Clone();
        Metrics = new RetryMetrics(maxTrackedNodes);
    }

    /// <summary>Gets a copy of the runtime's default retry policy, or <see langword="null"/> when nodes without a policy are not retried.</summary>
    public RetryPolicyOptions? DefaultPolicy => _default?.Clone();

    /// <summary>Gets the names of the registered retry strategies.</summary>
    public IReadOnlyCollection<string> StrategyNames => [.. _strategies.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Gets the exception types added with <see cref="AddRetriableException{T}"/>.</summary>
    public IReadOnlyList<Type> RetriableExceptions => Volatile.Read(ref _retriable);

    /// <summary>Gets the exception types added with <see cref="AddNonRetriableException{T}"/>.</summary>
    public IReadOnlyList<Type> NonRetriableExceptions => Volatile.Read(ref _nonRetriable);

    internal RetryMetrics Metrics { get; }

    /// <summary>Gets a number that changes whenever a strategy is registered (compiled node policies that use a name are rebuilt).</summary>
    internal int Version => Volatile.Read(ref _version);

    /// <summary>Gets a copy of a registered strategy.</summary>
    /// <param name="name">The strategy name.</param>
    /// <returns>The strategy, or <see langword="null"/> when none has that name.</returns>
    public RetryPolicyOptions? GetStrategy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _strategies.TryGetValue(name, out var options) ? options.Clone() : null;
    }

    /// <summary>The longest retry strategy name.</summary>
    public const int MaxStrategyNameLength = 100;

    /// <summary>
    /// Registers a named retry strategy. Nodes use it with <c>WorkflowBuilder.WithRetry(nodeId, name)</c> or
    /// <c>retry: name</c> in a workflow file; nodes already planned pick it up on their next execution (a run in
    /// flight uses it for the nodes it has not started yet). Thread-safe: registrations are serialised, and a node's
    /// pipeline is recompiled once per registration, never while one of its executions is using it.
    /// </summary>
    /// <param name="name">The strategy name: 1–100 letters, digits, '_', '-', '.' or ':'.</param>
    /// <param name="options">The policy (copied).</param>
    /// <param name="replace">Whether an existing strategy of that name may be replaced; without it, a second registration is refused.</param>
    /// <exception cref="KailashException">The name is invalid (<c>KWF054</c>), or taken and <paramref name="replace"/> is false (<c>KWF055</c>).</exception>
    /// <exception cref="ArgumentException">The options are invalid (<c>KWF062</c> in the message).</exception>
    public void RegisterStrategy(string name, RetryPolicyOptions options, bool replace = false)
    {
        CheckStrategyName(name);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, $"Retry strategy '{name}'");
        if (errors.Count > 0)
        {
            throw new ArgumentException($"{ErrorCodes.InvalidResiliencePolicy}: {string.Join(" ", errors)}", nameof(options));
        }

        var copy = options.Clone().Freeze();
        lock (_lock)
        {
            if (!replace && _strategies.ContainsKey(name))
            {
                throw new KailashException(
                    ErrorCodes.RetryStrategyExists,
                    $"A retry strategy named '{name}' is already registered. Please pick another name, or pass replace: true to replace it (nodes that use it pick up the new policy on their next execution).");
            }

            _strategies[name] = copy;
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Checks a retry strategy name: 1–100 letters, digits, '_', '-', '.' or ':'.</summary>
    /// <exception cref="KailashException">The name is invalid (<c>KWF054</c>).</exception>
    internal static void CheckStrategyName(string? name)
    {
        var problem = name switch
        {
            null or { Length: 0 } => "is empty",
            { Length: > MaxStrategyNameLength } => $"is {name.Length} characters long (at most {MaxStrategyNameLength})",
            _ when name.AsSpan().IndexOfAnyExcept(StrategyNameCharacters) is var at and >= 0 => $"has the character '{name[at]}' at position {at}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new KailashException(
                ErrorCodes.InvalidRetryStrategyName,
                $"The retry strategy name '{name}' {problem}. Please use 1–{MaxStrategyNameLength} letters, digits, '_', '-', '.' or ':' (for example \"db-retry\").");
        }
    }

    /// <summary>Makes <typeparamref name="T"/> (and its subclasses) retriable for every retry policy of this runtime, unless a policy excludes it.</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    public void AddRetriableException<T>()
        where T : Exception
        => AddRetriableException(typeof(T));

    /// <summary>Makes an exception type (and its subclasses) retriable for every retry policy of this runtime, unless a policy excludes it.</summary>
    /// <param name="exceptionType">The exception type.</param>
    public void AddRetriableException(Type exceptionType) => Add(ref _retriable, exceptionType);

    /// <summary>Makes <typeparamref name="T"/> (and its subclasses) non-retriable for every retry policy of this runtime, unless a policy lists it as retriable.</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    public void AddNonRetriableException<T>()
        where T : Exception
        => AddNonRetriableException(typeof(T));

    /// <summary>Makes an exception type (and its subclasses) non-retriable for every retry policy of this runtime, unless a policy lists it as retriable.</summary>
    /// <param name="exceptionType">The exception type.</param>
    public void AddNonRetriableException(Type exceptionType) => Add(ref _nonRetriable, exceptionType);

    /// <summary>Tells whether a failure would be retried under a policy (the rules are listed on <see cref="RetryPolicyOptions"/>).</summary>
    /// <param name="exception">The exception a node threw.</param>
    /// <param name="policy">The policy; the runtime default (or a default policy) when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the failure is retriable.</returns>
    public bool IsRetriable(Exception exception, RetryPolicyOptions? policy = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsRetriable(exception, new RetryRules(policy ?? _default ?? new RetryPolicyOptions()), CancellationToken.None);
    }

    /// <summary>Gets what the retry policies have done so far.</summary>
    /// <returns>A snapshot of the retry metrics.</returns>
    public RetryAnalytics GetAnalytics() => Metrics.Snapshot();

    /// <summary>Clears the retry metrics.</summary>
    public void ResetMetrics() => Metrics.Reset();

    internal bool TryGetStrategy(string name, out RetryPolicyOptions options) => _strategies.TryGetValue(name, out options!);

    internal bool IsRetriable(Exception exception, RetryRules rules, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (exception is Engine.InputRequestedSignal)
        {
            // The node waits for input: trying it again would only ask again.
            return false;
        }

        // A failure restored from another machine (a cluster step) is classified as its original type.
        var type = exception is Engine.Persistence.RestoredNodeException { OriginalType: { } original } ? original : exception.GetType();
        var message = exception.Message;
        if (RetryRules.Matches(message, rules.NonRetriablePatterns) || RetryRules.Matches(type, rules.NonRetriableTypes, rules.NonRetriableNames))
        {
            return false;
        }

        if (RetryRules.Matches(message, rules.RetriablePatterns) || RetryRules.Matches(type, rules.RetriableTypes, rules.RetriableNames))
        {
            return true;
        }

        if (RetryRules.Matches(type, Volatile.Read(ref _retriable), []))
        {
            return true;
        }

        if (RetryRules.Matches(type, Volatile.Read(ref _nonRetriable), []))
        {
            return false;
        }

        if (exception is Polly.Timeout.TimeoutRejectedException)
        {
            return true;
        }

        return !RetryRules.Matches(type, BuiltInNonRetriable, []) && !rules.Restricts;
    }

    private void Add(ref Type[] list, Type exceptionType)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (!typeof(Exception).IsAssignableFrom(exceptionType))
        {
            throw new ArgumentException($"'{exceptionType.FullName}' is not an exception type. Please pass a type derived from System.Exception.", nameof(exceptionType));
        }

        lock (_lock)
        {
            if (Array.IndexOf(list, exceptionType) < 0)
            {
                Volatile.Write(ref list, [.. list, exceptionType]);
            }
        }
    }
}
