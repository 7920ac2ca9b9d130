namespace Kailash.Samples;

// <snippet:inline-progress>
/// <summary>
/// Reports progress on the thread that raises it. (<see cref="Progress{T}"/> posts each update to the thread pool,
/// so updates may arrive after the run has returned.)
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
// </snippet:inline-progress>
