using Kailash.Runtime.Analytics;

namespace Kailash.Runtime;

/// <content>The analytics facade.</content>
public abstract partial class BaseRuntime
{
    private AnalyticsFeatures? _analytics;

    /// <summary>Gets the analytics: aggregates, runtime metrics, execution paths, plan cache, and node/run completion subscriptions.</summary>
    public AnalyticsFeatures Analytics => _analytics ??= new AnalyticsFeatures(this);
}
