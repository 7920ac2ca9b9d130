namespace Kailash.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Add_Works() => Assert.Equal(3, Kailash.Nodes.Placeholder.Add(1, 2));
}
