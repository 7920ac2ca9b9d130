using System.Text.Json;
using Kailash.Expressions;
using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionErrorTests
{
    [Fact]
    public void SyntaxError_HasCodeExpressionPositionAndMessage()
    {
        var ex = SyntaxError("a +* b");
        Assert.Equal("KWF010", ex.Code);
        Assert.Equal("a +* b", ex.Expression);
        Assert.Equal(3, ex.Position);
        Assert.Equal("unexpected '*'", ex.Detail);
        Assert.Equal(
            "KWF010: Invalid expression 'a +* b' at position 3: unexpected '*'. Please fix the expression syntax.",
            ex.Message);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData("1 +", 3, "unexpected end of expression")]
    [InlineData("(1 + 2", 6, "expected ')'")]
    [InlineData("1 + 2)", 5, "unexpected ')'")]
    [InlineData("a b", 2, "unexpected 'b'")]
    [InlineData("[1, 2", 5, "expected ',' or ']'")]
    [InlineData("[1,,2]", 3, "unexpected ','")]
    [InlineData("a[1", 3, "expected ']'")]
    [InlineData("a ? b", 5, "':' of the conditional operator")]
    [InlineData("'abc", 0, "unterminated string literal")]
    [InlineData("\"abc\\\"", 0, "unterminated string literal")]
    [InlineData("'a\\qb'", 2, "invalid escape sequence '\\q'")]
    [InlineData("a = 1", 2, "use '=='")]
    [InlineData("a & b", 2, "use '&&'")]
    [InlineData("a | b", 2, "use '||'")]
    [InlineData("a # b", 2, "unexpected character '#'")]
    [InlineData("1.2.3", 4, "expected a field name after '.'")]
    [InlineData("12abc", 2, "after a number")]
    [InlineData("1e+", 0, "exponent")]
    [InlineData("99999999999999999999", 0, "too large")]
    [InlineData("a.", 2, "expected a field name after '.'")]
    [InlineData("a?.1", 3, "expected a field name after '?.'")]
    [InlineData("foo(1)", 0, "unknown function 'foo'")]
    [InlineData("1 + Abs(1)", 4, "unknown function 'Abs'")]
    [InlineData("abs(1, 2)", 0, "expects 1 argument but got 2")]
    [InlineData("len()", 0, "expects 1 argument but got 0")]
    [InlineData("min()", 0, "at least 1 argument")]
    [InlineData("round(1, 2, 3)", 0, "1 to 2 arguments")]
    [InlineData("a.b(1)", 3, "cannot be called")]
    [InlineData("x ?? y", 3, "unexpected '?'")]
    public void SyntaxErrors_ReportCodeAndPosition(string source, int position, string detail)
    {
        var ex = SyntaxError(source);
        Assert.Equal("KWF010", ex.Code);
        Assert.Equal(source, ex.Expression);
        Assert.Equal(position, ex.Position);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("KWF010: Invalid expression '", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Please fix the expression syntax.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntaxError_DeepNestingIsRejectedInsteadOfOverflowingTheStack()
    {
        var nested = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Contains("nested too deeply", SyntaxError(nested).Message, StringComparison.Ordinal);
        Assert.Contains("nested too deeply", SyntaxError(new string('!', 5000) + "true").Message, StringComparison.Ordinal);

        var longChain = string.Join(" + ", Enumerable.Repeat("1", 5000));
        Assert.Contains("too complex", SyntaxError(longChain).Message, StringComparison.Ordinal);

        // Close to the height limit still parses and evaluates, also on a thread-pool thread.
        var acceptable = ExpressionProgram.Parse(string.Join(" + ", Enumerable.Repeat("1", 900)));
        Assert.Equal(900L, await Task.Run(() => acceptable.Evaluate(Scope()), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void DivisionByZero_IsAnEvaluationError()
    {
        var ex = EvalError("a / b", ("a", 1), ("b", 0));
        Assert.Equal("KWF047", ex.Code);
        Assert.Equal("a / b", ex.Expression);
        Assert.Equal("KWF047: Evaluating 'a / b' failed: division by zero.", ex.Message);
        Assert.Contains("division by zero", EvalError("1.5 / 0").Message, StringComparison.Ordinal);
        Assert.Contains("modulo by zero", EvalError("5 % 0").Message, StringComparison.Ordinal);
        Assert.Contains("division by zero", EvalError("5 // 0").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownIdentifier_ListsAvailableNames()
    {
        var ex = EvalError("x + 1", ("a", 1), ("b", 2));
        Assert.Equal("KWF047: Evaluating 'x + 1' failed: unknown identifier 'x'. Available: a, b.", ex.Message);
    }

    [Fact]
    public void UnknownIdentifier_WithCustomScopeWithoutNames()
    {
        var ex = Assert.Throws<ExpressionEvaluationException>(() => ExpressionProgram.Parse("x").Evaluate(new EmptyScope()));
        Assert.Contains("unknown identifier 'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingField_ListsAvailableFields()
    {
        var data = new Dictionary<string, object?> { ["score"] = 1, ["name"] = "n" };
        var ex = EvalError("data.scroe > 1", ("data", data));
        Assert.Equal("KWF047", ex.Code);
        Assert.Equal(
            "KWF047: Evaluating 'data.scroe > 1' failed: 'data' has no field 'scroe'. Available fields: score, name.",
            ex.Message);
    }

    [Fact]
    public void MissingField_ListsAtMostTenNames()
    {
        var data = new Dictionary<string, object?>();
        for (var i = 0; i < 15; i++)
        {
            data["f" + i] = i;
        }

        var ex = EvalError("data.nope", ("data", data));
        Assert.Contains("f9, ...", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("f10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingField_OnNestedJsonAndPoco()
    {
        using var doc = JsonDocument.Parse("""{"child": {"x": 1, "y": 2}}""");
        var json = EvalError("j.child.z", ("j", doc.RootElement));
        Assert.Contains("'j.child' has no field 'z'. Available fields: x, y", json.Message, StringComparison.Ordinal);

        var poco = EvalError("p.missing", ("p", new Point(1, 2)));
        Assert.Contains("'p' has no field 'missing'. Available fields: X, Y", poco.Message, StringComparison.Ordinal);

        var key = EvalError("d['k']", ("d", new Dictionary<string, object?> { ["a"] = 1 }));
        Assert.Contains("'d' has no key 'k'. Available keys: a", key.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MemberAccessOnNull_WithoutNullConditional_Fails()
    {
        var ex = EvalError("data.score", ("data", null));
        Assert.Contains("'data' is null", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'?.'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 && true", "operator '&&' requires bool operands, but '1' is integer")]
    [InlineData("true && 'x'", "operator '&&' requires bool operands, but ''x'' is string")]
    [InlineData("null || true", "operator '||' requires bool operands")]
    [InlineData("!1", "operator '!' requires a bool operand")]
    [InlineData("-'a'", "operator '-' requires a number")]
    [InlineData("1 ? 2 : 3", "the condition of '?:' must be bool")]
    [InlineData("true - 1", "operator '-' cannot be applied to 'true' (bool) and '1' (integer)")]
    [InlineData("'a' * 2", "operator '*' cannot be applied")]
    [InlineData("null + 1", "operator '+' cannot be applied")]
    [InlineData("'a' < 1", "operator '<' cannot be applied")]
    [InlineData("true < false", "operator '<' cannot be applied")]
    [InlineData("1 in 2", "can only look inside a list, dictionary or string")]
    [InlineData("1 in 'abc'", "needs a string to look for")]
    [InlineData("1 in null", "cannot look for a value in 'null' because it is null")]
    [InlineData("[1, 2][-1]", "is negative")]
    [InlineData("[1, 2][2]", "out of range")]
    [InlineData("[1, 2][0.5]", "must be an integer or a string")]
    [InlineData("[1, 2]['a']", "its index must be an integer")]
    [InlineData("5[0]", "cannot be indexed")]
    [InlineData("(1).x", "which has no field 'x'")]
    [InlineData("9223372036854775807 + 1", "arithmetic overflow")]
    [InlineData("-9223372036854775807 - 2", "arithmetic overflow")]
    [InlineData("9223372036854775807 * 2", "arithmetic overflow")]
    public void TypeAndRangeErrors_AreEvaluationErrors(string source, string detail)
    {
        var ex = EvalError(source);
        Assert.Equal("KWF047", ex.Code);
        Assert.Equal(source, ex.Expression);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"KWF047: Evaluating '{source}' failed: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForeignExceptions_AreWrapped()
    {
        var ex = EvalError("abs(x)", ("x", long.MinValue));
        Assert.Contains("arithmetic overflow", ex.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(ex.InnerException);

        var throwing = EvalError("t.Boom", ("t", new Throwing()));
        Assert.IsType<InvalidOperationException>(throwing.InnerException);
        Assert.Contains("kaboom", throwing.Message, StringComparison.Ordinal);

        var scopeFailure = Assert.Throws<ExpressionEvaluationException>(
            () => ExpressionProgram.Parse("x").Evaluate(new ThrowingScope()));
        Assert.IsType<NotSupportedException>(scopeFailure.InnerException);
    }

    [Fact]
    public void DisposedJsonDocument_IsWrapped()
    {
        var doc = JsonDocument.Parse("""{"a": 1}""");
        var root = doc.RootElement;
        doc.Dispose();
        var ex = EvalError("j.a", ("j", root));
        Assert.IsType<ObjectDisposedException>(ex.InnerException);
    }

    [Fact]
    public void ExceptionStandardConstructors_SetCodes()
    {
        Assert.Equal("KWF010", new ExpressionSyntaxException().Code);
        Assert.Equal("msg", new ExpressionSyntaxException("msg").Message);
        Assert.Equal("KWF047", new ExpressionEvaluationException("msg", new InvalidOperationException()).Code);
        Assert.Equal("KWF047: Evaluating 'e' failed: d.", new ExpressionEvaluationException("e", "d").Message);
    }

    private sealed record Point(int X, int Y);

    private sealed class Throwing
    {
        public int Boom => throw new InvalidOperationException("kaboom");
    }

    private sealed class EmptyScope : IExpressionScope
    {
        public bool TryGetValue(string name, out object? value)
        {
            value = null;
            return false;
        }
    }

    private sealed class ThrowingScope : IExpressionScope
    {
        public bool TryGetValue(string name, out object? value) => throw new NotSupportedException("no");
    }
}
