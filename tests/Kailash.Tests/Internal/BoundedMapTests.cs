using Kailash.Internal;

namespace Kailash.Tests.Internal;

public sealed class BoundedMapTests
{
    [Fact]
    public void OverCapacity_DropsTheLeastRecentlyUsed_AndKeepsWhatWasUsedLately()
    {
        var map = new BoundedMap<string>(10);
        for (var i = 0; i < 10; i++)
        {
            map.GetOrAdd($"k{i}", static (key, _) => key.ToUpperInvariant(), 0);
        }

        Assert.True(map.TryGetValue("k0", out _));
        map.GetOrAdd("k10", static (key, _) => key, 0);

        Assert.True(map.Count <= 10);
        Assert.True(map.Evicted >= 1);
        Assert.True(map.TryGetValue("k0", out var kept));
        Assert.Equal("K0", kept);
        Assert.True(map.TryGetValue("k10", out _));
        Assert.False(map.TryGetValue("k1", out _));
    }

    [Fact]
    public void ManyDistinctKeys_FromManyThreads_StayWithinTheCapacity()
    {
        var map = new BoundedMap<object>(100);

        Parallel.For(0, 20_000, i => map.GetOrAdd("key-" + i, static (_, _) => new object(), 0));

        Assert.InRange(map.Count, 1, 100);
        Assert.Equal(20_000 - map.Count, map.Evicted);
    }

    [Fact]
    public void GetOrAdd_ReturnsTheSameValue_ForTheSameKey()
    {
        var map = new BoundedMap<object>(4);

        var first = map.GetOrAdd("a", static (_, _) => new object(), 0);
        var second = map.GetOrAdd("a", static (_, _) => new object(), 0);

        Assert.Same(first, second);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedMap<object>(0));
    }
}
