namespace Kailash.Samples;

// <snippet:flaky-service>
/// <summary>Stands in for a remote service that fails its first few calls, then recovers.</summary>
internal sealed class FlakyService(int failures)
{
    private int _calls;

    public string Fetch(string orderId)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call <= failures)
        {
            throw new HttpRequestException($"call {call}: 503 Service Unavailable");
        }

        return $"order {orderId}: shipped";
    }
}
// </snippet:flaky-service>
