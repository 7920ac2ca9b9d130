using System.Collections.Concurrent;

namespace Kailash.Testing;

/// <summary>An <see cref="IProgress{T}"/> that records every report synchronously, in the order reported.</summary>
/// <typeparam name="T">The report type.</typeparam>
public sealed class RecordingProgress<T> : IProgress<T>
{
    /// <summary>Gets the reports.</summary>
    public ConcurrentQueue<T> Reports { get; } = new();

    /// <inheritdoc />
    public void Report(T value) => Reports.Enqueue(value);
}
