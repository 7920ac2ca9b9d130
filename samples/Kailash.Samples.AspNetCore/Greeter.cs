namespace Kailash.Samples.AspNetCore;

/// <summary>An application service a node gets through its constructor.</summary>
public interface IGreeter
{
    /// <summary>Greets someone.</summary>
    /// <param name="name">Who.</param>
    /// <returns>The greeting.</returns>
    string Greet(string name);
}

/// <summary>The sample's greeter.</summary>
internal sealed class Greeter : IGreeter
{
    public string Greet(string name) => $"Hello, {name}!";
}
