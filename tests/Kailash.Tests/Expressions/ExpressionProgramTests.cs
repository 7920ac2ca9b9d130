using Kailash.Expressions;
using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionProgramTests
{
    [Theory]
    [InlineData("42", 42L)]
    [InlineData("0", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("2.5E-1", 0.25)]
    [InlineData("'single'", "single")]
    [InlineData("\"double\"", "double")]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Literals_HaveExpectedValueAndType(string source, object expected)
    {
        var result = Eval(source);
        Assert.Equal(expected, result);
        Assert.IsType(expected.GetType(), result);
    }

    [Fact]
    public void NullLiteral_IsNull() => Assert.Null(Eval("null"));

    [Theory]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'x\ny'", "x\ny")]
    [InlineData(@"'x\ty'", "x\ty")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'\u0041'", "A")]
    public void StringEscapes_AreDecoded(string source, string expected) => Assert.Equal(expected, Eval(source));

    [Fact]
    public void ListLiteral_EvaluatesToListOfPlainValues()
    {
        var result = Assert.IsType<List<object?>>(Eval("[1, 2.5, 'x', null, [true]]"));
        Assert.Equal(5, result.Count);
        Assert.Equal(1L, result[0]);
        Assert.Equal(2.5, result[1]);
        Assert.Equal("x", result[2]);
        Assert.Null(result[3]);
        Assert.Equal([true], Assert.IsType<List<object?>>(result[4]));
        Assert.Empty(Assert.IsType<List<object?>>(Eval("[]")));
    }

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("5 - 8", -3L)]
    [InlineData("6 * 7", 42L)]
    [InlineData("7 // 2", 3L)]
    [InlineData("-7 // 2", -4L)]
    [InlineData("7 % 3", 1L)]
    [InlineData("-7 % 3", 2L)]
    [InlineData("7 % -3", -2L)]
    [InlineData("2 ** 10", 1024L)]
    [InlineData("-(3)", -3L)]
    [InlineData("- -3", 3L)]
    public void IntegerArithmetic_StaysLong(string source, long expected)
    {
        var result = Eval(source);
        Assert.IsType<long>(result);
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("7 / 2.0", 3.5)]
    [InlineData("7.0 / 2", 3.5)]
    [InlineData("1 + 0.5", 1.5)]
    [InlineData("0.5 * 4", 2.0)]
    [InlineData("3 - 0.5", 2.5)]
    [InlineData("7.5 % 2", 1.5)]
    [InlineData("-(1.5)", -1.5)]
    public void AnyDoubleOperand_ProducesDouble(string source, double expected)
    {
        var result = Eval(source);
        Assert.IsType<double>(result);
        Assert.Equal(expected, (double)result!, 10);
    }

    [Fact]
    public void IntVariables_AreTreatedAsLong()
    {
        var result = Eval("a // b", ("a", 7), ("b", 2));
        Assert.Equal(3L, result);
        Assert.Equal(2.5, Eval("a + b", ("a", 2), ("b", 0.5f)));
        Assert.Equal(3.5, Eval("a + 1", ("a", 2.5m)));
    }

    [Theory]
    [InlineData("'a' + 'b'", "ab")]
    [InlineData("'n=' + 5", "n=5")]
    [InlineData("5 + '!'", "5!")]
    [InlineData("'x' + 1.5", "x1.5")]
    [InlineData("'flag ' + true", "flag true")]
    [InlineData("'v=' + null", "v=null")]
    [InlineData("'l=' + [1, 'a']", "l=[1, 'a']")]
    [InlineData("1 + 2 + 'x'", "3x")]
    [InlineData("'x' + 1 + 2", "x12")]
    public void Plus_WithString_Concatenates(string source, string expected) => Assert.Equal(expected, Eval(source));

    [Fact]
    public void Concatenation_UsesInvariantCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var commaCulture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            commaCulture.NumberFormat.NumberDecimalSeparator = ",";
            System.Globalization.CultureInfo.CurrentCulture = commaCulture;
            Assert.Equal("1,25", 1.25.ToString(System.Globalization.CultureInfo.CurrentCulture));
            Assert.Equal("v=1.25", Eval("'v=' + x", ("x", 1.25)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Plus_OnLists_Concatenates() => Assert.Equal([1L, 2L, 3L], Assert.IsType<List<object?>>(Eval("[1] + [2, 3]")));

    [Theory]
    [InlineData("1 + 2 * 3", 7L)]
    [InlineData("(1 + 2) * 3", 9L)]
    [InlineData("10 - 4 - 3", 3L)]
    [InlineData("100 // 10 // 5", 2L)]
    [InlineData("2 * 3 % 4", 2L)]
    [InlineData("-2 * 3", -6L)]
    [InlineData("1 + -2", -1L)]
    [InlineData("true ? 1 : 2 + 10", 1L)]
    [InlineData("false ? 1 : true ? 2 : 3", 2L)]
    [InlineData("1 < 2 ? 10 : 20", 10L)]
    public void Precedence_Arithmetic(string source, long expected) => Assert.Equal(expected, Eval(source));

    [Theory]
    [InlineData("true || false && false", true)]
    [InlineData("(true || false) && false", false)]
    [InlineData("!false && false", false)]
    [InlineData("!(false && false)", true)]
    [InlineData("1 + 1 == 2", true)]
    [InlineData("1 < 2 == 2 < 3", true)]
    [InlineData("1 == 1 && 2 != 3", true)]
    [InlineData("1 < 2 && 3 > 4 || 5 >= 5", true)]
    [InlineData("2 in [1, 2] == true", true)]
    [InlineData("1 + 1 in [2]", true)]
    [InlineData("!true == false", true)]
    public void Precedence_Logical(string source, bool expected) => Assert.Equal(expected, Eval(source));

    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1 == 1.0", true)]
    [InlineData("1 != 1.5", true)]
    [InlineData("2 < 2.5", true)]
    [InlineData("2.5 <= 2", false)]
    [InlineData("3 > 2", true)]
    [InlineData("3 >= 3.0", true)]
    [InlineData("'abc' == 'abc'", true)]
    [InlineData("'abc' == 'ABC'", false)]
    [InlineData("'a' < 'b'", true)]
    [InlineData("'B' < 'a'", true)]
    [InlineData("'abc' >= 'abd'", false)]
    [InlineData("null == null", true)]
    [InlineData("null != 0", true)]
    [InlineData("'1' == 1", false)]
    [InlineData("true == true", true)]
    [InlineData("true != false", true)]
    [InlineData("[1, 2] == [1, 2.0]", true)]
    [InlineData("[1, 2] == [2, 1]", false)]
    [InlineData("[1, [2]] == [1, [2]]", true)]
    public void Comparisons(string source, bool expected) => Assert.Equal(expected, Eval(source));

    [Fact]
    public void Equality_ComparesDictionariesDeeply()
    {
        var a = new Dictionary<string, object?> { ["x"] = 1, ["y"] = new List<object?> { "z" } };
        var b = new Dictionary<string, object?> { ["y"] = new List<object?> { "z" }, ["x"] = 1L };
        var c = new Dictionary<string, object?> { ["x"] = 2 };
        Assert.Equal(true, Eval("a == b", ("a", a), ("b", b)));
        Assert.Equal(false, Eval("a == c", ("a", a), ("c", c)));
    }

    [Fact]
    public void Equality_JsonObjectEqualsEquivalentDictionary()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"x": 1, "y": ["z"]}""");
        var dict = new Dictionary<string, object?> { ["x"] = 1L, ["y"] = new List<object?> { "z" } };
        Assert.Equal(true, Eval("j == d", ("j", doc.RootElement), ("d", dict)));
    }

    [Fact]
    public void And_ShortCircuits_RightSideNotEvaluated()
    {
        Assert.Equal(false, Eval("false && missing"));
        Assert.Equal(false, Eval("false && 1 / 0 == 1"));
        Assert.Equal(false, Eval("x != null && x.score > 1", ("x", null)));
    }

    [Fact]
    public void Or_ShortCircuits_RightSideNotEvaluated()
    {
        Assert.Equal(true, Eval("true || missing"));
        Assert.Equal(true, Eval("x == null || x.score > 1", ("x", null)));
    }

    [Fact]
    public void LogicalOperators_EvaluateRightSideWhenNeeded()
    {
        Assert.Equal(true, Eval("true && b", ("b", true)));
        Assert.Equal(false, Eval("false || b", ("b", false)));
        Assert.Throws<ExpressionEvaluationException>(() => Eval("true && missing"));
    }

    [Fact]
    public void Ternary_EvaluatesOnlyTheChosenBranch()
    {
        Assert.Equal("yes", Eval("x > 1 ? 'yes' : missing", ("x", 2)));
        Assert.Equal("no", Eval("x > 1 ? missing : 'no'", ("x", 0)));
        Assert.Equal(3L, Eval("a ? 1 : b ? 2 : 3", ("a", false), ("b", false)));
    }

    [Theory]
    [InlineData("2 in [1, 2, 3]", true)]
    [InlineData("4 in [1, 2, 3]", false)]
    [InlineData("2.0 in [1, 2]", true)]
    [InlineData("'b' in ['a', 'b']", true)]
    [InlineData("null in [1, null]", true)]
    [InlineData("'bc' in 'abcd'", true)]
    [InlineData("'x' in 'abcd'", false)]
    [InlineData("'' in 'abc'", true)]
    [InlineData("!(1 in [2])", true)]
    public void In_Operator(string source, bool expected) => Assert.Equal(expected, Eval(source));

    [Fact]
    public void In_Operator_ChecksDictionaryKeysAndSets()
    {
        var dict = new Dictionary<string, object?> { ["k"] = 1 };
        Assert.Equal(true, Eval("'k' in d", ("d", dict)));
        Assert.Equal(false, Eval("'v' in d", ("d", dict)));
        Assert.Equal(false, Eval("1 in d", ("d", dict)));
        Assert.Equal(true, Eval("'b' in s", ("s", new HashSet<string> { "a", "b" })));
        Assert.Equal(true, Eval("3 in xs", ("xs", new[] { 1, 2, 3 })));
    }

    [Fact]
    public void Unary_Not_And_Minus()
    {
        Assert.Equal(false, Eval("!b", ("b", true)));
        Assert.Equal(-5L, Eval("-x", ("x", 5)));
        Assert.Equal(-2.5, Eval("-x", ("x", 2.5)));
    }

    [Fact]
    public void Evaluate_ReturnsBoxedBool_AndEvaluateConditionUnwrapsIt()
    {
        var program = ExpressionProgram.Parse("score >= threshold");
        Assert.True(program.EvaluateCondition(Scope(("score", 0.9), ("threshold", 0.8))));
        Assert.False(program.EvaluateCondition(Scope(("score", 0.5), ("threshold", 0.8))));
    }

    [Fact]
    public void EvaluateCondition_RejectsNonBoolResult()
    {
        var program = ExpressionProgram.Parse("score + 1");
        var ex = Assert.Throws<ExpressionEvaluationException>(() => program.EvaluateCondition(Scope(("score", 1))));
        Assert.Equal("KWF047", ex.Code);
        Assert.Contains("must produce true or false", ex.Message, StringComparison.Ordinal);
        Assert.Contains("integer", ex.Message, StringComparison.Ordinal);

        var longText = ExpressionProgram.Parse("s").EvaluateCondition(Scope(("s", false)));
        Assert.False(longText);
        var truncated = Assert.Throws<ExpressionEvaluationException>(
            () => ExpressionProgram.Parse("s").EvaluateCondition(Scope(("s", new string('x', 500)))));
        Assert.Contains("...", truncated.Message, StringComparison.Ordinal);
        Assert.True(truncated.Message.Length < 200);
    }

    [Fact]
    public void Identifiers_AreDistinctRootNamesInFirstAppearanceOrder()
    {
        var program = ExpressionProgram.Parse("b.x + abs(a) > max(c, b.y) && a in list[i] ? 'k' + d?.e : null");
        Assert.Equal(["b", "a", "c", "list", "i", "d"], program.Identifiers);
    }

    [Fact]
    public void Identifiers_ExcludeFunctionNamesMemberNamesAndKeywords()
    {
        Assert.Empty(ExpressionProgram.Parse("abs(-1) + len('abc') + 2 > 1 && true != null").Identifiers);
        Assert.Equal(["data"], ExpressionProgram.Parse("data.len + data.in + data['abs']").Identifiers);
    }

    [Fact]
    public void Identifiers_MayShareNamesWithFunctionsWhenNotCalled()
    {
        var program = ExpressionProgram.Parse("len(len)");
        Assert.Equal(["len"], program.Identifiers);
        Assert.Equal(3L, program.Evaluate(Scope(("len", "abc"))));
    }

    [Fact]
    public void Source_AndToString_ReturnTheOriginalText()
    {
        var program = ExpressionProgram.Parse(" a + 1 ");
        Assert.Equal(" a + 1 ", program.Source);
        Assert.Equal(" a + 1 ", program.ToString());
    }

    [Fact]
    public void TryParse_ReturnsProgramOrError()
    {
        Assert.True(ExpressionProgram.TryParse("1 + 1", out var program, out var error));
        Assert.Null(error);
        Assert.Equal(2L, program.Evaluate(Scope()));

        Assert.False(ExpressionProgram.TryParse("1 +", out program, out error));
        Assert.Null(program);
        Assert.Equal("KWF010", error.Code);
        Assert.Equal(3, error.Position);
    }

    [Fact]
    public void Evaluate_IsThreadSafe()
    {
        var program = ExpressionProgram.Parse("data.values[i % 3] * factor + len(data.name) > limit ? 'big' : 'small'");
        var data = new Dictionary<string, object?>
        {
            ["values"] = new List<object?> { 1, 10, 100 },
            ["name"] = "abcd",
        };
        var failures = 0;
        Parallel.For(0, 2000, i =>
        {
            var expected = new[] { 1L, 10L, 100L }[i % 3] * i + 4 > 500 ? "big" : "small";
            var actual = program.Evaluate(Scope(("data", data), ("i", i), ("factor", i), ("limit", 500)));
            if (!Equals(expected, actual))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Parse_Null_Throws() => Assert.Throws<ArgumentNullException>(() => ExpressionProgram.Parse(null!));

    [Fact]
    public void Whitespace_IsIgnored() => Assert.Equal(7L, Eval(" \t1\n+\r\n 2 * 3 "));
}
