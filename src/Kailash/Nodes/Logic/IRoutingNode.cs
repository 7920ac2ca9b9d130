namespace Kailash.Nodes.Logic;

/// <summary>Marks nodes that route data conditionally (switches): some of their output ports may be inactive after a run.</summary>
internal interface IRoutingNode
{
}
