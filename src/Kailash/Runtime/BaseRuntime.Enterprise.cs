using Kailash.Runtime.Enterprise;

namespace Kailash.Runtime;

/// <content>The enterprise facade.</content>
public abstract partial class BaseRuntime
{
    private EnterpriseFeatures? _enterprise;

    /// <summary>Gets the enterprise features: health, resource and run metrics, performance report, retry engine, circuit breakers.</summary>
    public EnterpriseFeatures Enterprise => _enterprise ??= new EnterpriseFeatures(this);
}
