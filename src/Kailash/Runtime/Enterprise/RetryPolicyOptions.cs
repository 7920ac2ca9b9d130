namespace Kailash.Runtime.Enterprise;

/// <summary>
/// How a node is retried when it fails: how many attempts, how long to wait between them, and which failures are worth
/// another attempt. Applied per node (<c>WorkflowBuilder.WithRetry</c>, or a node's <c>retry</c> key in a workflow file) or to
/// every node (<see cref="RuntimeOptions.DefaultRetryPolicy"/>). Executed by a Polly v8 retry strategy.
/// </summary>
/// <remarks>
/// <para>Failures are classified on the exception the node threw (never a wrapper), in this order; the first rule that matches decides:</para>
/// <list type="number">
/// <item>the run was cancelled: never retried;</item>
/// <item><see cref="NonRetriableMessagePatterns"/>, then <see cref="NonRetriableExceptions"/> / <see cref="NonRetriableExceptionTypeNames"/>: not retried;</item>
/// <item><see cref="RetriableMessagePatterns"/>, then <see cref="RetriableExceptions"/> / <see cref="RetriableExceptionTypeNames"/>: retried;</item>
/// <item>types added runtime-wide with <c>AddRetriableException&lt;T&gt;()</c>: retried; with <c>AddNonRetriableException&lt;T&gt;()</c>: not retried;</item>
/// <item>a per-attempt timeout: retried;</item>
/// <item>built-in non-retriable types (<see cref="ArgumentException"/>, <see cref="InvalidCastException"/>, <see cref="NotSupportedException"/>,
/// <see cref="NotImplementedException"/>, <see cref="NullReferenceException"/>, <see cref="OutOfMemoryException"/>, <see cref="KailashException"/>
/// and Polly's rejections such as an open circuit): not retried;</item>
/// <item>otherwise: retried when the policy lists no retriable exceptions or patterns, not retried when it does.</item>
/// </list>
/// <para>Type rules match the type and its subclasses. Names match a type's full name (<c>System.TimeoutException</c>) or short name (<c>TimeoutException</c>).</para>
/// </remarks>
public sealed class RetryPolicyOptions
{
    /// <summary>The default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>The largest allowed <see cref="MaxAttempts"/>.</summary>
    public const int MaxAllowedAttempts = 1000;

    /// <summary>Gets or sets the most times the node runs, the first attempt included (1 disables retry).</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultMaxAttempts;

    /// <summary>Gets or sets how the delay grows between attempts.</summary>
    /// <value>The default value is <see cref="RetryBackoff.Exponential"/>.</value>
    public RetryBackoff Backoff { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = RetryBackoff.Exponential;

    /// <summary>Gets or sets the delay before the first retry (zero retries at once).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan BaseDelay { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two attempts, or <see langword="null"/> for no cap.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan? MaxDelay { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets a value indicating whether delays are randomised (decorrelated jitter for exponential backoff, ±25% otherwise).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseJitter { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = true;

    /// <summary>Gets the exception types (and their subclasses) that are retried. When this and the other retriable lists are empty, every failure not excluded is retried.</summary>
    public IList<Type> RetriableExceptions { get; private set; } = new List<Type>();

    /// <summary>Gets exception type names (full or short) that are retried; for types the configuring code cannot reference.</summary>
    public IList<string> RetriableExceptionTypeNames { get; private set; } = new List<string>();

    /// <summary>Gets regular expressions; a failure whose message matches one is retried.</summary>
    public IList<string> RetriableMessagePatterns { get; private set; } = new List<string>();

    /// <summary>Gets the exception types (and their subclasses) that are never retried.</summary>
    public IList<Type> NonRetriableExceptions { get; private set; } = new List<Type>();

    /// <summary>Gets exception type names (full or short) that are never retried.</summary>
    public IList<string> NonRetriableExceptionTypeNames { get; private set; } = new List<string>();

    /// <summary>Gets regular expressions; a failure whose message matches one is never retried.</summary>
    public IList<string> NonRetriableMessagePatterns { get; private set; } = new List<string>();

    /// <summary>Creates a deep copy.</summary>
    /// <returns>The copy.</returns>
    public RetryPolicyOptions Clone()
    {
        var copy = new RetryPolicyOptions { MaxAttempts = MaxAttempts, Backoff = Backoff, BaseDelay = BaseDelay, MaxDelay = MaxDelay, UseJitter = UseJitter };
        Copy(RetriableExceptions, copy.RetriableExceptions);
        Copy(RetriableExceptionTypeNames, copy.RetriableExceptionTypeNames);
        Copy(RetriableMessagePatterns, copy.RetriableMessagePatterns);
        Copy(NonRetriableExceptions, copy.NonRetriableExceptions);
        Copy(NonRetriableExceptionTypeNames, copy.NonRetriableExceptionTypeNames);
        Copy(NonRetriableMessagePatterns, copy.NonRetriableMessagePatterns);
        return copy;
    }

    /// <summary>Gets a value indicating whether this object belongs to a runtime's options and is read-only (setting anything throws <c>KWF053</c>).</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Makes this object and its lists read-only (used on the runtime's private copy).</summary>
    /// <returns>This object.</returns>
    internal RetryPolicyOptions Freeze()
    {
        RetriableExceptions = OptionsGuard.ReadOnlyCopy(RetriableExceptions);
        RetriableExceptionTypeNames = OptionsGuard.ReadOnlyCopy(RetriableExceptionTypeNames);
        RetriableMessagePatterns = OptionsGuard.ReadOnlyCopy(RetriableMessagePatterns);
        NonRetriableExceptions = OptionsGuard.ReadOnlyCopy(NonRetriableExceptions);
        NonRetriableExceptionTypeNames = OptionsGuard.ReadOnlyCopy(NonRetriableExceptionTypeNames);
        NonRetriableMessagePatterns = OptionsGuard.ReadOnlyCopy(NonRetriableMessagePatterns);
        IsReadOnly = true;
        return this;
    }

    /// <summary>Lists every problem with these options.</summary>
    /// <param name="errors">Receives one message per problem.</param>
    /// <param name="owner">Names the setting in messages (for example <c>DefaultRetryPolicy</c> or <c>node 'fetch' retry</c>).</param>
    internal void Validate(List<string> errors, string owner)
    {
        if (MaxAttempts is < 1 or > MaxAllowedAttempts)
        {
            errors.Add($"{owner}: MaxAttempts must be between 1 and {MaxAllowedAttempts} (was {MaxAttempts}).");
        }

        if (!Enum.IsDefined(Backoff))
        {
            errors.Add($"{owner}: Backoff '{Backoff}' is not defined; use Exponential, Linear or Constant.");
        }

        if (BaseDelay < TimeSpan.Zero || BaseDelay > TimeSpan.FromDays(1))
        {
            errors.Add($"{owner}: BaseDelay must be between 0 and 1 day (was {BaseDelay}).");
        }

        if (MaxDelay is { } max && (max < BaseDelay || max > TimeSpan.FromDays(1)))
        {
            errors.Add($"{owner}: MaxDelay must be at least BaseDelay ({BaseDelay}) and at most 1 day (was {max}).");
        }

        CheckTypes(errors, owner, nameof(RetriableExceptions), RetriableExceptions);
        CheckTypes(errors, owner, nameof(NonRetriableExceptions), NonRetriableExceptions);
        CheckNames(errors, owner, nameof(RetriableExceptionTypeNames), RetriableExceptionTypeNames);
        CheckNames(errors, owner, nameof(NonRetriableExceptionTypeNames), NonRetriableExceptionTypeNames);
        CheckPatterns(errors, owner, nameof(RetriableMessagePatterns), RetriableMessagePatterns);
        CheckPatterns(errors, owner, nameof(NonRetriableMessagePatterns), NonRetriableMessagePatterns);
    }

    private static void Copy<T>(IList<T> from, IList<T> to)
    {
        foreach (var item in from)
        {
            to.Add(item);
        }
    }

    private static void CheckTypes(List<string> errors, string owner, string name, IList<Type> types)
    {
        foreach (var type in types)
        {
            if (type is null || !typeof(Exception).IsAssignableFrom(type))
            {
                errors.Add($"{owner}: {name} may only contain exception types (found '{type?.FullName ?? "null"}').");
            }
        }
    }

    private static void CheckNames(List<string> errors, string owner, string name, IList<string> names)
    {
        foreach (var typeName in names)
        {
            if (string.IsNullOrWhiteSpace(typeName))
            {
                errors.Add($"{owner}: {name} contains an empty type name.");
            }
        }
    }

    private static void CheckPatterns(List<string> errors, string owner, string name, IList<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (pattern is null)
            {
                errors.Add($"{owner}: {name} contains null.");
                continue;
            }

            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{owner}: {name} pattern '{pattern}' is not a valid regular expression ({ex.Message}).");
            }
        }
    }
}
