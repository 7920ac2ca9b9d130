using Kailash.Nodes;

namespace Kailash.IntegrationTests.Hosting;

/// <summary>An application service a node receives through its constructor.</summary>
public interface IGreeter
{
    string Greet(string name);
}

/// <summary>A greeter that counts its calls (so a test sees the container's instance was used).</summary>
public sealed class CountingGreeter : IGreeter
{
    private int _calls;

    public int Calls => _calls;

    public string Greet(string name)
    {
        Interlocked.Increment(ref _calls);
        return $"Hello, {name}!";
    }
}

/// <summary>A node created by the container: its constructor takes <see cref="IGreeter"/>.</summary>
public sealed class GreetingNode(IGreeter greeter) : Node
{
    private static readonly IReadOnlyList<NodeParameter> Inputs = [new NodeParameter("name", typeof(string)) { Required = true }];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?> { ["result"] = greeter.Greet(inputs.Get<string>("name")) };
}

/// <summary>A node that waits until cancelled (or a long time), for run-cancellation and streaming tests.</summary>
public sealed class SlowNode : AsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Inputs =
    [
        new NodeParameter("delay_ms", typeof(long)) { Default = 60_000L, HasDefault = true },
        new NodeParameter("label", typeof(string)) { Default = null, HasDefault = true },
    ];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(inputs.Get<long>("delay_ms")), cancellationToken);
        return new Dictionary<string, object?> { ["result"] = "done" };
    }
}
