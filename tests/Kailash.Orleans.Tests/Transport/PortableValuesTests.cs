using Kailash.Nodes;
using Kailash.Orleans.Transport;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Orleans.Tests.Transport;

/// <summary>What crosses silos: JSON-like values keep their types; anything else is refused with a code naming it.</summary>
public sealed class PortableValuesTests
{
    [Fact]
    public void JsonLikeValues_RoundTrip_WithTheirTypes()
    {
        var when = new DateTimeOffset(2026, 12, 7, 22, 0, 0, TimeSpan.FromHours(1));
        var values = new Dictionary<string, object?>
        {
            ["long"] = 42L,
            ["int"] = 7,
            ["double"] = 1.5,
            ["decimal"] = 2.25m,
            ["text"] = "hi",
            ["flag"] = true,
            ["none"] = null,
            ["when"] = when,
            ["id"] = Guid.Parse("6f1b9a52-3c7e-4d55-9d1e-0f2c6b8a7d10"),
            ["list"] = new long[] { 1, 2 },
            ["map"] = new Dictionary<string, object?> { ["$type"] = "not a tag", ["x"] = 1L },
        };

        var back = PortableValues.ReadMap(PortableValues.WriteMap(values, "n", "output"))!;

        Assert.Equal(42L, back["long"]);
        Assert.Equal(7, back["int"]);
        Assert.Equal(1.5, back["double"]);
        Assert.Equal(2.25m, back["decimal"]);
        Assert.Equal("hi", back["text"]);
        Assert.Equal(true, back["flag"]);
        Assert.Null(back["none"]);
        Assert.Equal(when, back["when"]);
        Assert.Equal(values["id"], back["id"]);
        Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(back["list"]));
        Assert.Equal("not a tag", Assert.IsType<Dictionary<string, object?>>(back["map"])["$type"]);
    }

    [Fact]
    public void MapWithATypeKeyAtTheTop_RoundTrips()
    {
        var back = PortableValues.ReadMap(PortableValues.WriteMap(new Dictionary<string, object?> { ["$type"] = "x", ["value"] = 1L }, "n", "input"))!;

        Assert.Equal("x", back["$type"]);
        Assert.Equal(1L, back["value"]);
    }

    [Fact]
    public void ObjectValue_IsRefused_NamingNodeAndPort()
    {
        var error = Assert.Throws<KailashException>(() => PortableValues.WriteMap(new Dictionary<string, object?> { ["ok"] = 1L, ["bad"] = new Uri("http://example.invalid") }, "reader", "output"));

        Assert.Equal(ErrorCodes.ClusterValueNotPortable, error.Code);
        Assert.Equal("reader", error.NodeId);
        Assert.Equal("bad", error.Port);
        Assert.Contains("System.Uri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void User_RoundTrips()
    {
        var user = new UserContext("ada") { Roles = ["admin"], Attributes = new Dictionary<string, object?> { ["tenant"] = "t1" } };

        var back = PortableValues.ReadUser(PortableValues.WriteUser(user))!;

        Assert.Equal("ada", back.UserId);
        Assert.Equal(["admin"], back.Roles);
        Assert.Equal("t1", back.Attributes["tenant"]);
    }

    [Fact]
    public void Error_KeepsCodeMessageNodeAndOriginalType_AndRetryRulesSeeTheOriginalType()
    {
        var original = new InvalidOperationException("boom");

        var restored = PortableResult.FromError(PortableResult.ToError(original, null));

        Assert.Equal(ErrorCodes.NodeFailed, restored.Code);
        Assert.Equal("boom", restored.Message);
        Assert.Equal(typeof(InvalidOperationException), restored.OriginalType);
        Assert.Null(new RestoredNodeException("KWF040", "x", null, null, "Some.Type, SomeAssembly").OriginalType);
    }
}
