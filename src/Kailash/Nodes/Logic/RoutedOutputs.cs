namespace Kailash.Nodes.Logic;

/// <summary>
/// The output map of a routing node: a plain dictionary (results and serializers see port → value) that also
/// remembers which branch port was taken, so a <see langword="null"/> value on the taken branch still counts as active.
/// </summary>
internal sealed class RoutedOutputs : Dictionary<string, object?>
{
    public RoutedOutputs(int capacity, string? activePort)
        : base(capacity, StringComparer.Ordinal)
        => ActivePort = activePort;

    /// <summary>Gets the branch port that carries data downstream, or <see langword="null"/> when no branch was taken.</summary>
    public string? ActivePort { get; }
}
