namespace Kailash.Runtime.Parameters;

/// <summary>What a run does with a parameter key that matches no node and no input any node declares (code <c>KWF030</c>).</summary>
public enum UnknownParameterHandling
{
    /// <summary>The run fails before any node runs, naming every unknown key with a suggestion (the default).</summary>
    Error,

    /// <summary>
    /// A warning is logged once per run and the run goes on. An unknown workflow-level key reaches no node; an unknown
    /// key inside <c>{nodeId: {key: value}}</c> is passed to that node as given.
    /// </summary>
    Warn,
}
