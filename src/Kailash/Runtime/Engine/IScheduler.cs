namespace Kailash.Runtime.Engine;

/// <summary>Decides when each unit (node or cycle) of a plan runs. Results must not depend on the scheduler.</summary>
internal interface IScheduler
{
    ValueTask RunAsync(RunContext run);
}
