using Kailash.Expressions;
using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

/// <summary>The Python forms Kailash files carry, beside the C#-like ones.</summary>
public class ExpressionPythonFormTests
{
    [Theory]
    [InlineData("True and False", false)]
    [InlineData("True or False", true)]
    [InlineData("not False", true)]
    [InlineData("not 1 == 2", true)]
    [InlineData("1 < 2 and 3 > 2", true)]
    [InlineData("None is None", true)]
    [InlineData("1 is not None", true)]
    [InlineData("x is None", true)]
    [InlineData("x is not None", false)]
    [InlineData("3 in [1, 2, 3]", true)]
    [InlineData("4 not in [1, 2, 3]", true)]
    [InlineData("'b' not in 'abc'", false)]
    [InlineData("0 < 5 < 10", true)]
    [InlineData("0 < 15 < 10", false)]
    [InlineData("1 <= 1 < 2 <= 2", true)]
    [InlineData("not []", true)]
    [InlineData("not ''", true)]
    [InlineData("bool([0])", true)]
    [InlineData("true && !false", true)]
    public void Conditions_EvaluatePythonAndCSharpForms(string source, bool expected)
        => Assert.Equal(expected, Eval(source, ("x", null)));

    [Fact]
    public void TrueDivision_MakesTheKailashConvergenceCheckTrue()
    {
        Assert.Equal(0.75, Eval("3 / 4"));
        Assert.Equal(true, Eval("done / total >= 0.5", ("done", 3), ("total", 4)));
        Assert.Equal(2.0, Eval("4 / 2"));
    }

    [Theory]
    [InlineData("7 // 2", 3L)]
    [InlineData("-7 // 2", -4L)]
    [InlineData("2 ** 3 ** 2", 512L)]
    [InlineData("-2 ** 2", -4L)]
    [InlineData("(-2) ** 2", 4L)]
    [InlineData("'yes' if 1 < 2 else 'no'", "yes")]
    [InlineData("'yes' if [] else 'no'", "no")]
    [InlineData("1 if False else 2 if False else 3", 3L)]
    [InlineData("name or 'anonymous'", "anonymous")]
    [InlineData("0 and 5", 0L)]
    [InlineData("2 and 5", 5L)]
    public void PythonOperators_GiveThePythonResult(string source, object expected)
        => Assert.Equal(expected, Eval(source, ("name", "")));

    [Theory]
    [InlineData("2 ** -1", 0.5)]
    [InlineData("7.5 // 2", 3.0)]
    [InlineData("-7.5 % 2", 0.5)]
    [InlineData("2.0 ** 0.5", 1.4142135623730951)]
    public void PythonOperators_OnNumbers(string source, double expected)
        => Assert.Equal(expected, Assert.IsType<double>(Eval(source)), 12);

    [Fact]
    public void IntegerPower_OverflowIsAnError()
    {
        var ex = EvalError("2 ** 64");
        Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no real result", EvalError("(-8) ** 0.5").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AndOr_ShortCircuitAndSkipTheRightOperand()
    {
        // The right operand would fail (unknown identifier) if it were evaluated.
        Assert.Equal(false, Eval("False and missing"));
        Assert.Equal(true, Eval("True or missing"));
    }

    [Fact]
    public void Keywords_StillNameFieldsAfterADot()
        => Assert.Equal(1L, Eval("d.not + d.if - d.None", ("d", new Dictionary<string, object?> { ["not"] = 1L, ["if"] = 2L, ["None"] = 2L })));

    [Theory]
    [InlineData("x is 1", "'is' compares only with None, True or False")]
    [InlineData("1 if True", "expected 'else'")]
    [InlineData("max(1,2,)", "a call cannot end with ','")]
    [InlineData("upper('a',)", "a call cannot end with ','")]
    [InlineData("x.items()", "cannot be called as a method")]
    [InlineData("x?.upper()", "'?.' cannot be used to call")]
    [InlineData("x & y", "'and'")]
    public void PythonForms_ReportSyntaxErrors(string source, string detail)
    {
        var ex = SyntaxError(source);
        Assert.Equal("KWF010", ex.Code);
        Assert.Contains(detail, ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingCommaInAList_IsAllowedAsInPython()
        => Assert.Equal(new List<object?> { 1L, 2L }, Eval("[1, 2,]"));

    [Fact]
    public void StrictCSharpOperators_KeepRequiringBools()
    {
        Assert.Contains("use 'and' to test truthiness", EvalError("1 && true").Message, StringComparison.Ordinal);
        Assert.Contains("use 'not' to test truthiness", EvalError("!1").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_ExcludeKeywordsAndLiterals()
        => Assert.Equal(["a", "b"], ExpressionProgram.Parse("a is not None and not b and True").Identifiers);
}
