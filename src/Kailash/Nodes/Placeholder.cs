namespace Kailash.Nodes;

/// <summary>Temp.</summary>
public static class Placeholder
{
    /// <summary>Adds.</summary>
    /// <param name="a">a</param>
    /// <param name="b">b</param>
    /// <returns>sum</returns>
    public static int Add(int a, int b) => a + b;
}
