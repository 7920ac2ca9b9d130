namespace Kailash.Runtime.Parameters;

/// <summary>What a run does with a parameter key that matches no node and no input any node declares (code <c>KWF030</c>).</summary>
public enum UnknownParameterHandling
{
    /// <summary>The run fails before any node runs, naming every unknown key with a suggestion (the default).</summary>
    Error,

    /// <summary>A warning is logged once per run and the run goes on; the value reaches no node.</summary>
    Warn,
}
