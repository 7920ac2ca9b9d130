using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

/// <summary>Expressions read data; they never walk from a value into the runtime.</summary>
public class ExpressionSandboxTests
{
    [Fact]
    public void FrameworkObjects_AreOpaque()
    {
        Assert.Contains("expressions read only dictionaries", EvalError("t.Assembly", ("t", typeof(string))).Message, StringComparison.Ordinal);
        Assert.Contains("expressions read only dictionaries", EvalError("f.Method", ("f", new Func<int>(() => 1))).Message, StringComparison.Ordinal);
        Assert.Contains("expressions read only dictionaries", EvalError("s.CanRead", ("s", new MemoryStream())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataObjectsAndFrameworkValues_StayReadable()
    {
        Assert.Equal(2026L, Eval("d.Year", ("d", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc))));
        Assert.Equal(3L, Eval("o.Count", ("o", new Order(3))));
        Assert.Equal(5L, Eval("s.Length", ("s", "hello")));
    }

    [Fact]
    public void ValuesCannotBeCalled()
    {
        Assert.Contains("cannot be called", SyntaxError("o.ToString()").Detail, StringComparison.Ordinal);
        Assert.Contains("cannot be called", SyntaxError("o.GetType()").Detail, StringComparison.Ordinal);
        Assert.Contains("unknown function 'eval'", SyntaxError("eval('1')").Detail, StringComparison.Ordinal);
    }

    public sealed record Order(int Count);
}
