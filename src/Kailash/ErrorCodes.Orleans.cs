namespace Kailash;

/// <summary>Error codes of runs on an Orleans cluster (<c>Kailash.Orleans</c>: run grain, executor grains, <c>ClusterRuntime</c>) (KWF190–KWF199).</summary>
public static partial class ErrorCodes
{
    /// <summary>A workflow cannot travel to the cluster as its document: it does not serialise, or a silo cannot load it (a node type not registered there, a node built from a delegate).</summary>
    public const string ClusterWorkflowNotPortable = "KWF190";

    /// <summary>A parameter, node input or node output holds a value that cannot cross silos as JSON.</summary>
    public const string ClusterValueNotPortable = "KWF191";

    /// <summary>A node step was lost (its executor's silo died or stopped answering) more often than the run allows.</summary>
    public const string ClusterStepLost = "KWF192";

    /// <summary>A run id is already used on the cluster by a run of another workflow or with other parameters.</summary>
    public const string ClusterRunConflict = "KWF193";

    /// <summary>A per-call setting that belongs to the calling process (a progress receiver) was given to a cluster run.</summary>
    public const string ClusterSettingNotPortable = "KWF194";

    /// <summary>The cluster options (<c>siloBuilder.AddKailash</c>, <c>ClusterRuntimeOptions</c>) are invalid.</summary>
    public const string ClusterOptionsInvalid = "KWF195";

    /// <summary>The run grain does not know the run (it was never started, or its silo died before the run was persisted).</summary>
    public const string ClusterRunUnknown = "KWF196";

    /// <summary>A run cannot be resumed on the cluster because the cluster is running it now (wait for it or watch it instead).</summary>
    public const string ClusterRunActive = "KWF197";
}
