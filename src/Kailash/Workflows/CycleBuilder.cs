namespace Kailash.Workflows;

/// <summary>
/// Declares a cycle fluently: <c>CreateCycle(id).Connect(from, to, mapping).MaxIterations(n).ConvergeWhen(expr).Timeout(t).Build()</c>.
/// </summary>
/// <typeparam name="TOwner">What <see cref="Build"/> returns: the <see cref="WorkflowBuilder"/> or a new <see cref="Workflow"/>.</typeparam>
public sealed class CycleBuilder<TOwner>
{
    private readonly string _cycleId;
    private readonly Func<CycleSpec, TOwner> _complete;
    private readonly List<Connection> _connections = [];
    private int? _maxIterations;
    private string? _convergeWhen;
    private TimeSpan? _timeout;
    private bool _built;

    internal CycleBuilder(string cycleId, Func<CycleSpec, TOwner> complete)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        _cycleId = cycleId;
        _complete = complete;
    }

    /// <summary>Adds back edges from <paramref name="from"/> to <paramref name="to"/>, one per mapping entry (source output to target input).</summary>
    /// <param name="from">The source node.</param>
    /// <param name="to">The target node (earlier in the loop).</param>
    /// <param name="mapping">Source output (may be dotted) to target input; defaults to <c>result</c> to <c>input</c>.</param>
    /// <returns>This builder.</returns>
    public CycleBuilder<TOwner> Connect(string from, string to, IReadOnlyDictionary<string, string>? mapping = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        mapping ??= new Dictionary<string, string> { ["result"] = "input" };
        foreach (var pair in mapping)
        {
            _connections.Add(new Connection(from, pair.Key, to, pair.Value));
        }

        return this;
    }

    /// <summary>Adds one back edge.</summary>
    /// <param name="from">The source node.</param>
    /// <param name="fromOutput">The source output (may be dotted).</param>
    /// <param name="to">The target node.</param>
    /// <param name="toInput">The target input.</param>
    /// <returns>This builder.</returns>
    public CycleBuilder<TOwner> Connect(string from, string fromOutput, string to, string toInput)
    {
        _connections.Add(new Connection(from, fromOutput, to, toInput));
        return this;
    }

    /// <summary>Sets the iteration limit.</summary>
    /// <param name="maxIterations">At least 1.</param>
    /// <returns>This builder.</returns>
    public CycleBuilder<TOwner> MaxIterations(int maxIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        _maxIterations = maxIterations;
        return this;
    }

    /// <summary>Sets the convergence expression, checked after each iteration (for example <c>done == true</c>).</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>This builder.</returns>
    public CycleBuilder<TOwner> ConvergeWhen(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        _convergeWhen = expression;
        return this;
    }

    /// <summary>Sets the cycle's time limit.</summary>
    /// <param name="timeout">A positive duration.</param>
    /// <returns>This builder.</returns>
    public CycleBuilder<TOwner> Timeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        return this;
    }

    /// <summary>Completes the cycle declaration.</summary>
    /// <returns>The owner: the workflow builder, or a new workflow that includes the cycle.</returns>
    public TOwner Build()
    {
        if (_built)
        {
            throw new InvalidOperationException($"{ErrorCodes.BuilderAlreadyBuilt}: Cycle '{_cycleId}' was already built.");
        }

        _built = true;
        return _complete(new CycleSpec(_cycleId, [.. _connections]) { MaxIterations = _maxIterations, ConvergeWhen = _convergeWhen, Timeout = _timeout });
    }
}
