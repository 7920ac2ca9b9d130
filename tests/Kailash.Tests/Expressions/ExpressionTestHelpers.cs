using Kailash.Expressions;

namespace Kailash.Tests.Expressions;

internal static class ExpressionTestHelpers
{
    public static DictionaryExpressionScope Scope(params (string Name, object? Value)[] variables)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            values[name] = value;
        }

        return new DictionaryExpressionScope(values);
    }

    public static object? Eval(string source, params (string Name, object? Value)[] variables) =>
        ExpressionProgram.Parse(source).Evaluate(Scope(variables));

    public static ExpressionEvaluationException EvalError(string source, params (string Name, object? Value)[] variables) =>
        Assert.Throws<ExpressionEvaluationException>(() => Eval(source, variables));

    public static ExpressionSyntaxException SyntaxError(string source) =>
        Assert.Throws<ExpressionSyntaxException>(() => ExpressionProgram.Parse(source));
}
