namespace Kailash.Durability;

/// <summary>The stored spelling of statuses (lower-case names, stable across versions) and time conversions.</summary>
internal static class StoreNames
{
    private static readonly string[] RunStatuses = ["running", "suspended", "completed", "failed", "cancelled"];
    private static readonly string[] NodeStatuses = ["running", "waiting", "completed", "failed", "skipped", "cancelled"];
    private static readonly string[] RequestStatuses = ["pending", "answered", "timed_out"];

    public static string Of(DurableRunStatus status) => RunStatuses[(int)status];

    public static string Of(NodeExecutionStatus status) => NodeStatuses[(int)status];

    public static string Of(InputRequestStatus status) => RequestStatuses[(int)status];

    public static DurableRunStatus RunStatus(string text) => (DurableRunStatus)Find(RunStatuses, text);

    public static NodeExecutionStatus NodeStatus(string text) => (NodeExecutionStatus)Find(NodeStatuses, text);

    public static InputRequestStatus RequestStatus(string text) => (InputRequestStatus)Find(RequestStatuses, text);

    public static bool IsFinished(DurableRunStatus status) => status is DurableRunStatus.Completed or DurableRunStatus.Failed or DurableRunStatus.Cancelled;

    public static bool IsOpen(NodeExecutionStatus status) => status is NodeExecutionStatus.Running or NodeExecutionStatus.Waiting;

    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static int Find(string[] names, string text)
    {
        var index = Array.IndexOf(names, text);
        return index >= 0
            ? index
            : throw new RunStoreException(ErrorCodes.RunStateUnreadable, $"The store holds an unknown status '{text}'; it was written by an incompatible version of Kailash.");
    }
}
