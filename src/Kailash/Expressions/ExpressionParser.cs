namespace Kailash.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, lowest first: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>,
/// <c>&lt; &lt;= &gt; &gt;= in</c>, <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, postfix (member, index, call).
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>Maximum nesting of parentheses, brackets, unary operators and conditionals.</summary>
    internal const int MaxNesting = 100;

    /// <summary>Maximum height of the syntax tree (bounds evaluation recursion).</summary>
    internal const int MaxTreeHeight = 1000;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly List<string> _identifiers = [];
    private readonly HashSet<string> _seenIdentifiers = new(StringComparer.Ordinal);
    private int _index;
    private int _depth;

    private ExpressionParser(string source, List<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private Token Current => _tokens[_index];

    /// <summary>Parses <paramref name="source"/> into a program.</summary>
    /// <param name="source">The expression text.</param>
    /// <returns>The parsed program.</returns>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression.</exception>
    public static ExpressionProgram Parse(string source)
    {
        var parser = new ExpressionParser(source, ExpressionLexer.Tokenize(source));
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ExpressionSyntaxException(source, 0, "the expression is empty");
        }

        var root = parser.ParseConditional();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected(parser.Current);
        }

        return new ExpressionProgram(source, root, parser._identifiers.ToArray());
    }

    private Token Advance()
    {
        var token = _tokens[_index];
        if (token.Kind != TokenKind.End)
        {
            _index++;
        }

        return token;
    }

    private ExpressionSyntaxException Error(int position, string detail) => new(_source, position, detail);

    private ExpressionSyntaxException Unexpected(Token token) =>
        token.Kind == TokenKind.End
            ? Error(token.Position, "unexpected end of expression")
            : Error(token.Position, $"unexpected '{_source.Substring(token.Position, token.Length)}'");

    private Token Expect(TokenKind kind, string what)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw token.Kind == TokenKind.End
                ? Error(token.Position, $"expected {what} but reached the end of the expression")
                : Error(token.Position, $"expected {what} but found '{_source.Substring(token.Position, token.Length)}'");
        }

        return Advance();
    }

    private void Enter(Token token)
    {
        if (++_depth > MaxNesting)
        {
            throw Error(token.Position, $"the expression is nested too deeply (more than {MaxNesting} levels)");
        }
    }

    private T Checked<T>(T node, Token at)
        where T : ExpressionTreeNode
    {
        if (node.Height > MaxTreeHeight)
        {
            throw Error(at.Position, $"the expression is too complex (more than {MaxTreeHeight} nested operations)");
        }

        return node;
    }

    private ExpressionTreeNode ParseConditional()
    {
        Enter(Current);
        var condition = ParseOr();
        if (Current.Kind == TokenKind.Question)
        {
            var question = Advance();
            var whenTrue = ParseConditional();
            Expect(TokenKind.Colon, "':' of the conditional operator");
            var whenFalse = ParseConditional();
            condition = Checked(new ConditionalNode(condition, whenTrue, whenFalse), question);
        }

        _depth--;
        return condition;
    }

    private ExpressionTreeNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.PipePipe)
        {
            var op = Advance();
            left = Checked(new LogicalNode(isAnd: false, left, ParseAnd()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseAnd()
    {
        var left = ParseEquality();
        while (Current.Kind == TokenKind.AmpAmp)
        {
            var op = Advance();
            left = Checked(new LogicalNode(isAnd: true, left, ParseEquality()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseEquality()
    {
        var left = ParseRelational();
        while (Current.Kind is TokenKind.EqualEqual or TokenKind.BangEqual)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.EqualEqual ? BinaryOperator.Equal : BinaryOperator.NotEqual;
            left = Checked(new BinaryNode(kind, left, ParseRelational()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseRelational()
    {
        var left = ParseAdditive();
        while (true)
        {
            BinaryOperator kind;
            switch (Current.Kind)
            {
                case TokenKind.Less:
                    kind = BinaryOperator.Less;
                    break;
                case TokenKind.LessEqual:
                    kind = BinaryOperator.LessOrEqual;
                    break;
                case TokenKind.Greater:
                    kind = BinaryOperator.Greater;
                    break;
                case TokenKind.GreaterEqual:
                    kind = BinaryOperator.GreaterOrEqual;
                    break;
                case TokenKind.In:
                    kind = BinaryOperator.In;
                    break;
                default:
                    return left;
            }

            var op = Advance();
            left = Checked(new BinaryNode(kind, left, ParseAdditive()), op);
        }
    }

    private ExpressionTreeNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Checked(new BinaryNode(kind, left, ParseMultiplicative()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = Checked(new BinaryNode(kind, left, ParseUnary()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Bang or TokenKind.Minus))
        {
            return ParsePostfix();
        }

        var op = Advance();
        Enter(op);
        var operand = ParseUnary();
        _depth--;

        // Fold negative numeric literals so that '-5' is a constant.
        if (op.Kind == TokenKind.Minus && operand is LiteralNode { Value: long or double } literal)
        {
            var negated = literal.Value is long l ? -l : (object)(-(double)literal.Value);
            return new LiteralNode(negated, op.Position, operand.End);
        }

        return Checked(new UnaryNode(isNot: op.Kind == TokenKind.Bang, operand, op.Position), op);
    }

    private ExpressionTreeNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                case TokenKind.QuestionDot:
                    var access = Advance();
                    var name = Current;
                    if (name.Kind is not (TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.In))
                    {
                        throw Error(name.Position, $"expected a field name after '{_source.Substring(access.Position, access.Length)}'");
                    }

                    Advance();
                    node = Checked(new MemberNode(node, (string)name.Value!, access.Kind == TokenKind.QuestionDot, name.End), access);
                    break;
                case TokenKind.LeftBracket:
                    var open = Advance();
                    Enter(open);
                    var index = ParseConditional();
                    _depth--;
                    var close = Expect(TokenKind.RightBracket, "']'");
                    node = Checked(new IndexNode(node, index, close.End), open);
                    break;
                case TokenKind.LeftParen:
                    throw Error(
                        Current.Position,
                        $"'{_source[node.Start..node.End]}' cannot be called; only the built-in functions can ({ExpressionFunctions.AvailableNames})");
                default:
                    return node;
            }
        }
    }

    private ExpressionTreeNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Double:
            case TokenKind.String:
                Advance();
                return new LiteralNode(token.Value, token.Position, token.End);
            case TokenKind.True:
                Advance();
                return new LiteralNode(ExpressionValues.Box(true), token.Position, token.End);
            case TokenKind.False:
                Advance();
                return new LiteralNode(ExpressionValues.Box(false), token.Position, token.End);
            case TokenKind.Null:
                Advance();
                return new LiteralNode(null, token.Position, token.End);
            case TokenKind.Identifier:
                Advance();
                var name = (string)token.Value!;
                if (Current.Kind == TokenKind.LeftParen)
                {
                    return ParseCall(token, name);
                }

                if (_seenIdentifiers.Add(name))
                {
                    _identifiers.Add(name);
                }

                return new IdentifierNode(name, token.Position, token.End);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseConditional();
                var close = Expect(TokenKind.RightParen, "')'");
                return Checked(new GroupNode(inner, token.Position, close.End), token);
            case TokenKind.LeftBracket:
                Advance();
                Enter(token);
                var (items, itemsHeight) = ParseList(TokenKind.RightBracket, "']'");
                _depth--;
                var end = _tokens[_index - 1].End;
                return Checked(new ListNode(items, token.Position, end, itemsHeight + 1), token);
            default:
                throw Unexpected(token);
        }
    }

    private CallNode ParseCall(Token nameToken, string name)
    {
        var function = ExpressionFunctions.Find(name)
            ?? throw Error(nameToken.Position, $"unknown function '{name}' (available functions: {ExpressionFunctions.AvailableNames})");
        var open = Advance();
        Enter(open);
        var (arguments, height) = ParseList(TokenKind.RightParen, "')'");
        _depth--;
        if (arguments.Length < function.MinArguments || arguments.Length > function.MaxArguments)
        {
            throw Error(
                nameToken.Position,
                $"function '{name}' expects {function.DescribeArity()} but got {arguments.Length}");
        }

        var end = _tokens[_index - 1].End;
        return Checked(new CallNode(function, arguments, nameToken.Position, end, height + 1), nameToken);
    }

    /// <summary>Parses comma-separated expressions up to and including <paramref name="closing"/>; a trailing comma is allowed.</summary>
    private (ExpressionTreeNode[] Items, int Height) ParseList(TokenKind closing, string closingText)
    {
        var items = new List<ExpressionTreeNode>();
        var height = 0;
        while (Current.Kind != closing)
        {
            var item = ParseConditional();
            items.Add(item);
            height = Math.Max(height, item.Height);
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(closing, $"',' or {closingText}");
        return (items.ToArray(), height);
    }
}
