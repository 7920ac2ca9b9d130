using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionFunctionTests
{
    [Theory]
    [InlineData("abs(-5)", 5L)]
    [InlineData("abs(5)", 5L)]
    [InlineData("min(3, 1, 2)", 1L)]
    [InlineData("max(3, 1, 2)", 3L)]
    [InlineData("min([4, 2, 8])", 2L)]
    [InlineData("max([4, 2, 8])", 8L)]
    [InlineData("len('hello')", 5L)]
    [InlineData("len([1, 2, 3])", 3L)]
    [InlineData("len([])", 0L)]
    [InlineData("round(7)", 7L)]
    [InlineData("round(2.5)", 2L)]
    [InlineData("round(3.5)", 4L)]
    [InlineData("round(-2.5)", -2L)]
    [InlineData("round(2.4)", 2L)]
    [InlineData("floor(7)", 7L)]
    [InlineData("ceil(7)", 7L)]
    public void Functions_ReturnLong(string source, long expected)
    {
        var result = Eval(source);
        Assert.IsType<long>(result);
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("abs(-2.5)", 2.5)]
    [InlineData("min(3, 1.5)", 1.5)]
    [InlineData("max(3.5, 1, 2)", 3.5)]
    [InlineData("round(2.675, 1)", 2.7)]
    [InlineData("round(3.14159, 2)", 3.14)]
    [InlineData("floor(2.7)", 2.0)]
    [InlineData("floor(-2.2)", -3.0)]
    [InlineData("ceil(2.1)", 3.0)]
    [InlineData("ceil(-2.7)", -2.0)]
    [InlineData("sqrt(16)", 4.0)]
    [InlineData("sqrt(2.25)", 1.5)]
    public void Functions_ReturnDouble(string source, double expected)
    {
        var result = Eval(source);
        Assert.Equal(expected, Assert.IsType<double>(result), 10);
    }

    [Fact]
    public void MinMax_ReturnTheOriginalValueType()
    {
        Assert.IsType<long>(Eval("max(3, 1.5)"));
        Assert.IsType<double>(Eval("min(3, 1.5)"));
        Assert.Equal("apple", Eval("min('pear', 'apple', 'zoo')"));
        Assert.Equal("zoo", Eval("max(words)", ("words", new List<string> { "pear", "zoo", "apple" })));
    }

    [Fact]
    public void Len_CountsDictionaryEntries()
    {
        var dict = new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 };
        Assert.Equal(2L, Eval("len(d)", ("d", dict)));
    }

    [Fact]
    public void Functions_ComposeWithOperators() =>
        Assert.Equal(true, Eval("abs(a - b) < 0.01 && len(xs) == 3", ("a", 1.0), ("b", 1.005), ("xs", new[] { 1, 2, 3 })));

    [Theory]
    [InlineData("abs('x')", "abs() expects a number")]
    [InlineData("sqrt(-1)", "sqrt() of a negative number")]
    [InlineData("len(5)", "len() expects a string, list or dictionary")]
    [InlineData("min([])", "min() of an empty list")]
    [InlineData("max(5)", "max() with one argument expects a list")]
    [InlineData("min(1, 'a')", "min() cannot compare")]
    [InlineData("round(1.5, 99)", "round() expects a number of digits")]
    public void Functions_RejectBadArguments(string source, string expectedDetail)
    {
        var ex = EvalError(source);
        Assert.Equal("KWF047", ex.Code);
        Assert.Contains(expectedDetail, ex.Message, StringComparison.Ordinal);
    }
}
