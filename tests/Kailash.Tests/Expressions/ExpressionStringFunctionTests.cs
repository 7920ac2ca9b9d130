using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionStringFunctionTests
{
    [Theory]
    [InlineData("upper('abc')", "ABC")]
    [InlineData("'abc'.upper()", "ABC")]
    [InlineData("name.lower()", "ada lovelace")]
    [InlineData("'  x  '.strip()", "x")]
    [InlineData("strip('--x--', '-')", "x")]
    [InlineData("', '.join(['a', 'b'])", "a, b")]
    [InlineData("join('-', split('a b  c'))", "a-b-c")]
    [InlineData("'a,b'.replace(',', ';')", "a;b")]
    [InlineData("'ab'.replace('', '-')", "-a-b-")]
    [InlineData("str(True)", "True")]
    [InlineData("str(None)", "None")]
    [InlineData("str(1.0)", "1.0")]
    [InlineData("str(0.1)", "0.1")]
    [InlineData("str([1, 'a', None])", "[1, 'a', None]")]
    [InlineData("str(42) + '!'", "42!")]
    public void StringHelpers_ProduceStrings(string source, string expected)
        => Assert.Equal(expected, Eval(source, ("name", "Ada Lovelace")));

    [Theory]
    [InlineData("name.startswith('Ada')", true)]
    [InlineData("name.endswith('lace')", true)]
    [InlineData("name.startswith(['X', 'A'])", true)]
    [InlineData("contains(name, 'Love')", true)]
    [InlineData("name.contains('love')", false)]
    [InlineData("contains([1, 2], 2)", true)]
    [InlineData("any([0, '', 3])", true)]
    [InlineData("all([1, 'a', []])", false)]
    public void StringHelpers_ProduceBools(string source, bool expected)
        => Assert.Equal(expected, Eval(source, ("name", "Ada Lovelace")));

    [Theory]
    [InlineData("int('42')", 42L)]
    [InlineData("int(' -7 ')", -7L)]
    [InlineData("int(3.9)", 3L)]
    [InlineData("int(-3.9)", -3L)]
    [InlineData("int(True)", 1L)]
    [InlineData("sum([1, 2, 3])", 6L)]
    [InlineData("sum([1, 2], 10)", 13L)]
    [InlineData("len(split('a,b,c', ','))", 3L)]
    [InlineData("get(d, 'a')", 1L)]
    [InlineData("d.get('missing', 5)", 5L)]
    public void Conversions_AndAggregates_ProduceIntegers(string source, long expected)
        => Assert.Equal(expected, Eval(source, ("d", new Dictionary<string, object?> { ["a"] = 1 })));

    [Theory]
    [InlineData("float('2.5')", 2.5)]
    [InlineData("float(2)", 2.0)]
    [InlineData("sum([1, 2.5])", 3.5)]
    [InlineData("round(2.345, 2)", 2.35)]
    public void Conversions_ProduceNumbers(string source, double expected)
        => Assert.Equal(expected, Assert.IsType<double>(Eval(source)), 10);

    [Theory]
    [InlineData("int('abc')", "int() cannot convert")]
    [InlineData("int('3.5')", "int() cannot convert")]
    [InlineData("float('inf')", "to a finite number")]
    [InlineData("upper(1)", "upper() expects a string")]
    [InlineData("join(',', [1, 2])", "join() expects strings")]
    [InlineData("split('a', '')", "separator is empty")]
    [InlineData("sum(['a'])", "sum() adds numbers")]
    [InlineData("get([1], 'a')", "get() expects a dictionary")]
    public void BadArguments_AreEvaluationErrors(string source, string detail)
    {
        var ex = EvalError(source);
        Assert.Equal("KWF047", ex.Code);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildingAHugeString_IsRefusedInsteadOfExhaustingMemory()
    {
        var big = new string('x', 1 << 20);
        var ex = EvalError("s.replace('x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')", ("s", big));
        Assert.Contains("longer than", ex.Message, StringComparison.Ordinal);
        Assert.Contains("longer than", EvalError("s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s + s", ("s", big)).Message, StringComparison.Ordinal);
    }
}
