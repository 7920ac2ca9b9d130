using System.Collections.ObjectModel;
using System.Text.Json;
using Kailash.Expressions;
using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionAccessTests
{
    public enum Status
    {
        Pending,
        Done,
    }

    private static Dictionary<string, object?> Data() => new()
    {
        ["score"] = 0.75,
        ["name"] = "alpha",
        ["count"] = 3,
        ["items"] = new List<object?> { 10, 20, 30 },
        ["nested"] = new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["value"] = "deep" } },
        ["nothing"] = null,
    };

    [Fact]
    public void MemberAccess_OnDictionary()
    {
        Assert.Equal(0.75, Eval("data.score", ("data", Data())));
        Assert.Equal(3L, Eval("data.count", ("data", Data())));
        Assert.Equal("deep", Eval("data.nested.inner.value", ("data", Data())));
        Assert.Null(Eval("data.nothing", ("data", Data())));
        Assert.Equal(true, Eval("data.score > 0.5 && data.name == 'alpha'", ("data", Data())));
    }

    [Fact]
    public void MemberAccess_OnReadOnlyAndGenericDictionaries()
    {
        IReadOnlyDictionary<string, object?> readOnly = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?> { ["a"] = 1 });
        var sorted = new SortedList<string, object?> { ["b"] = 2 };
        var typed = new Dictionary<string, int> { ["c"] = 3 };
        Assert.Equal(1L, Eval("x.a", ("x", readOnly)));
        Assert.Equal(2L, Eval("x.b", ("x", sorted)));
        Assert.Equal(3L, Eval("x.c", ("x", typed)));
    }

    [Fact]
    public void IndexAccess_OnDictionaryAndList()
    {
        Assert.Equal("alpha", Eval("data['name']", ("data", Data())));
        Assert.Equal(20L, Eval("data.items[1]", ("data", Data())));
        Assert.Equal(30L, Eval("data[\"items\"][1 + 1]", ("data", Data())));
        Assert.Equal(20L, Eval("data.items[key]", ("data", Data()), ("key", 1.0)));
        Assert.Equal("b", Eval("'abc'[1]"));
        Assert.Equal(2L, Eval("[1, 2, 3][1]"));
        Assert.Equal(5L, Eval("xs[0]", ("xs", new[] { 5, 6 })));
        IReadOnlyList<object?> readOnly = new ReadOnlyListOnly([7L, 8L]);
        Assert.Equal(8L, Eval("xs[1]", ("xs", readOnly)));
    }

    [Fact]
    public void NullConditional_ReturnsNullWhenTargetIsNull()
    {
        Assert.Null(Eval("data?.score", ("data", null)));
        Assert.Null(Eval("data?.inner.value", ("data", null)));
        Assert.Null(Eval("data?.items[0]", ("data", null)));
        Assert.Null(Eval("data.nothing?.x", ("data", Data())));
        Assert.Equal(0.75, Eval("data?.score", ("data", Data())));
        Assert.Equal("none", Eval("data?.score == null ? 'none' : 'some'", ("data", null)));
    }

    [Fact]
    public void NullConditional_DoesNotShortCircuitPastParentheses()
    {
        var ex = EvalError("(data?.inner).value", ("data", null));
        Assert.Contains("is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonElement_MembersIndexesAndConversion()
    {
        using var doc = JsonDocument.Parse("""
            {"score": 0.9, "count": 4, "big": 1e2, "name": "beta", "ok": true, "none": null,
             "tags": ["a", "b"], "child": {"x": 1, "list": [1, 2.5, {"y": null}]}}
            """);
        var json = doc.RootElement;
        Assert.Equal(0.9, Eval("j.score", ("j", json)));
        var count = Eval("j.count", ("j", json));
        Assert.IsType<long>(count);
        Assert.Equal(4L, count);
        Assert.IsType<double>(Eval("j.big", ("j", json)));
        Assert.Equal("beta", Eval("j['name']", ("j", json)));
        Assert.Equal(true, Eval("j.ok", ("j", json)));
        Assert.Null(Eval("j.none", ("j", json)));
        Assert.Equal("b", Eval("j.tags[1]", ("j", json)));
        Assert.Equal(true, Eval("'a' in j.tags && 'x' in j.child", ("j", json)));
        Assert.Equal(2L, Eval("len(j.tags)", ("j", json)));
        Assert.Equal(2.5, Eval("max(j.child.list[0], j.child.list[1])", ("j", json)));
    }

    [Fact]
    public void JsonElement_ContainersAreConvertedToPlainValuesInResults()
    {
        using var doc = JsonDocument.Parse("""{"child": {"x": 1, "list": [1, 2.5, {"y": null}, "s"]}}""");
        var child = Assert.IsType<Dictionary<string, object?>>(Eval("j.child", ("j", doc.RootElement)));
        Assert.Equal(1L, child["x"]);
        var list = Assert.IsType<List<object?>>(child["list"]);
        Assert.Equal(1L, list[0]);
        Assert.Equal(2.5, list[1]);
        var inner = Assert.IsType<Dictionary<string, object?>>(list[2]);
        Assert.True(inner.ContainsKey("y"));
        Assert.Null(inner["y"]);
        Assert.Equal("s", list[3]);

        var wrapped = Assert.IsType<List<object?>>(Eval("[j.child.list[2]]", ("j", doc.RootElement)));
        Assert.IsType<Dictionary<string, object?>>(wrapped[0]);
        Assert.IsType<Dictionary<string, object?>>(Eval("j", ("j", doc.RootElement)));
        Assert.Equal(3L, Eval("j", ("j", JsonDocument.Parse("3").RootElement)));
    }

    [Fact]
    public void Poco_PropertiesAreReadCaseInsensitively()
    {
        var poco = new Sample { Score = 0.8, Name = "gamma", Child = new Sample { Name = "kid" }, State = Status.Done };
        Assert.Equal(0.8, Eval("p.Score", ("p", poco)));
        Assert.Equal(0.8, Eval("p.score", ("p", poco)));
        Assert.Equal("kid", Eval("p.child.name", ("p", poco)));
        Assert.Equal("gamma", Eval("p['NAME']", ("p", poco)));
        Assert.Equal(2L, Eval("p.Tags[1]", ("p", poco)));
        Assert.Null(Eval("p.child.child?.name", ("p", poco)));
        Assert.Equal(true, Eval("p.state == 'Done'", ("p", poco)));
        Assert.Equal(5L, Eval("p.name.length", ("p", poco)));
    }

    [Fact]
    public void Poco_ExactCaseMatchWins()
    {
        var value = new CaseSensitive();
        Assert.Equal("lower", Eval("v.value", ("v", value)));
        Assert.Equal("upper", Eval("v.Value", ("v", value)));
    }

    [Fact]
    public void ScopeValues_OfSmallNumericTypesAreNormalized()
    {
        Assert.IsType<long>(Eval("x", ("x", (short)3)));
        Assert.IsType<long>(Eval("x", ("x", (byte)3)));
        Assert.IsType<double>(Eval("x", ("x", 1.5f)));
        Assert.Equal("c", Eval("x", ("x", 'c')));
    }

    public sealed class Sample
    {
        public double Score { get; set; }

        public string Name { get; set; } = string.Empty;

        public Sample? Child { get; set; }

        public Status State { get; set; }

        public IReadOnlyList<int> Tags { get; } = [1, 2, 3];
    }

    private sealed class CaseSensitive
    {
        public string value => "lower";

        public string Value => "upper";
    }

    private sealed class ReadOnlyListOnly(IReadOnlyList<object?> items) : IReadOnlyList<object?>
    {
        public object? this[int index] => items[index];

        public int Count => items.Count;

        public IEnumerator<object?> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
