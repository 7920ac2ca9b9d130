namespace Kailash.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, lowest first: <c>?:</c> and <c>x if c else y</c>, <c>|| or</c>,
/// <c>&amp;&amp; and</c>, <c>not</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;= in, not in, is [not]</c> (chained as in Python),
/// <c>+ -</c>, <c>* / // %</c>, unary <c>! - +</c>, <c>**</c>, postfix (member, index, call, string method).
/// The file is over 400 lines on purpose: each precedence level is a method that calls the next one, and splitting
/// the levels across files would hide the precedence table this class is.
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>Maximum nesting of parentheses, brackets, unary operators and conditionals.</summary>
    internal const int MaxNesting = 100;

    /// <summary>Maximum height of the syntax tree (bounds evaluation recursion).</summary>
    internal const int MaxTreeHeight = 1000;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly ExpressionFunctionRegistry _functions;
    private readonly List<string> _identifiers = [];
    private readonly HashSet<string> _seenIdentifiers = new(StringComparer.Ordinal);
    private int _index;
    private int _depth;

    private ExpressionParser(string source, List<Token> tokens, ExpressionFunctionRegistry functions)
    {
        _source = source;
        _tokens = tokens;
        _functions = functions;
    }

    private Token Current => _tokens[_index];

    /// <summary>Parses <paramref name="source"/> into a program.</summary>
    /// <param name="source">The expression text.</param>
    /// <param name="functions">The functions calls may name.</param>
    /// <returns>The parsed program.</returns>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression.</exception>
    public static ExpressionProgram Parse(string source, ExpressionFunctionRegistry functions)
    {
        var parser = new ExpressionParser(source, ExpressionLexer.Tokenize(source), functions);
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
            condition = Checked(new ConditionalNode(condition, whenTrue, whenFalse, python: false), question);
        }
        else if (Current.Kind == TokenKind.If)
        {
            // Python: 'body if test else orelse'; the test is truthy-checked, 'orelse' may chain.
            var keyword = Advance();
            var test = ParseOr();
            Expect(TokenKind.Else, "'else' of 'x if condition else y'");
            var orElse = ParseConditional();
            condition = Checked(new ConditionalNode(test, condition, orElse, python: true), keyword);
        }

        _depth--;
        return condition;
    }

    private ExpressionTreeNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind is TokenKind.PipePipe or TokenKind.Or)
        {
            var op = Advance();
            left = Checked(new LogicalNode(isAnd: false, python: op.Kind == TokenKind.Or, left, ParseAnd()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind is TokenKind.AmpAmp or TokenKind.And)
        {
            var op = Advance();
            left = Checked(new LogicalNode(isAnd: true, python: op.Kind == TokenKind.And, left, ParseNot()), op);
        }

        return left;
    }

    /// <summary>Python's 'not' binds more loosely than comparisons: 'not a == b' is 'not (a == b)'.</summary>
    private ExpressionTreeNode ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseEquality();
        }

        var op = Advance();
        Enter(op);
        var operand = ParseNot();
        _depth--;
        return Checked(new UnaryNode(UnaryOperator.PythonNot, operand, op.Position), op);
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

    /// <summary>
    /// Ordering comparisons, 'in', 'not in', 'is [not]'. Python chains them: 'a &lt; b &lt;= c' means 'a &lt; b and b &lt;= c'.
    /// </summary>
    private ExpressionTreeNode ParseRelational()
    {
        var left = ParseAdditive();
        ExpressionTreeNode? chain = null;
        while (true)
        {
            var op = Current;
            ExpressionTreeNode comparison;
            switch (op.Kind)
            {
                case TokenKind.Less:
                case TokenKind.LessEqual:
                case TokenKind.Greater:
                case TokenKind.GreaterEqual:
                case TokenKind.In:
                    Advance();
                    var kind = op.Kind switch
                    {
                        TokenKind.Less => BinaryOperator.Less,
                        TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                        TokenKind.Greater => BinaryOperator.Greater,
                        TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                        _ => BinaryOperator.In,
                    };
                    var right = ParseAdditive();
                    comparison = Checked(new BinaryNode(kind, left, right), op);
                    left = right;
                    break;
                case TokenKind.Not when _tokens[_index + 1].Kind == TokenKind.In:
                    Advance();
                    Advance();
                    var container = ParseAdditive();
                    comparison = Checked(new UnaryNode(UnaryOperator.Not, Checked(new BinaryNode(BinaryOperator.In, left, container), op), left.Start), op);
                    left = container;
                    break;
                case TokenKind.Is:
                    Advance();
                    var negated = false;
                    if (Current.Kind == TokenKind.Not)
                    {
                        Advance();
                        negated = true;
                    }

                    var operand = ParseAdditive();
                    if (operand is not LiteralNode { Value: null or bool } literal)
                    {
                        throw Error(operand.Start, "'is' compares only with None, True or False; use '==' to compare values");
                    }

                    comparison = Checked(new IsNode(left, literal.Value, negated, operand.End), op);
                    left = operand;
                    break;
                default:
                    return chain ?? left;
            }

            chain = chain is null ? comparison : Checked(new LogicalNode(isAnd: true, python: false, chain, comparison), op);
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
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.SlashSlash or TokenKind.Percent)
        {
            var op = Advance();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.SlashSlash => BinaryOperator.FloorDivide,
                _ => BinaryOperator.Modulo,
            };
            left = Checked(new BinaryNode(kind, left, ParseUnary()), op);
        }

        return left;
    }

    private ExpressionTreeNode ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Bang or TokenKind.Minus or TokenKind.Plus))
        {
            return ParsePower();
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

        var kind = op.Kind switch
        {
            TokenKind.Bang => UnaryOperator.Not,
            TokenKind.Minus => UnaryOperator.Negate,
            _ => UnaryOperator.Plus,
        };
        return Checked(new UnaryNode(kind, operand, op.Position), op);
    }

    /// <summary>'**' binds tighter than a unary operator on its left and is right-associative: '-2 ** 2' is -4, '2 ** -1' is 0.5.</summary>
    private ExpressionTreeNode ParsePower()
    {
        var left = ParsePostfix();
        if (Current.Kind != TokenKind.StarStar)
        {
            return left;
        }

        var op = Advance();
        Enter(op);
        var right = ParseUnary();
        _depth--;
        return Checked(new BinaryNode(BinaryOperator.Power, left, right), op);
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
                    if (!ExpressionLexer.IsWord(name))
                    {
                        throw Error(name.Position, $"expected a field name after '{_source.Substring(access.Position, access.Length)}'");
                    }

                    Advance();
                    if (Current.Kind == TokenKind.LeftParen)
                    {
                        node = ParseMethodCall(node, access, name);
                        break;
                    }

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
                        $"'{_source[node.Start..node.End]}' cannot be called; only functions can ({_functions.AvailableNames})");
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
                var (items, itemsHeight) = ParseList(TokenKind.RightBracket, "']'", allowTrailingComma: true);
                _depth--;
                var end = _tokens[_index - 1].End;
                return Checked(new ListNode(items, token.Position, end, itemsHeight + 1), token);
            default:
                throw Unexpected(token);
        }
    }

    private CallNode ParseCall(Token nameToken, string name)
    {
        var function = _functions.Find(name)
            ?? throw Error(nameToken.Position, $"unknown function '{name}'{Internal.Suggestions.DidYouMean(name, _functions.Names)} (available functions: {_functions.AvailableNames})");
        var open = Advance();
        Enter(open);
        var (arguments, height) = ParseList(TokenKind.RightParen, "')'", allowTrailingComma: false);
        _depth--;
        return MakeCall(function, nameToken, arguments, height, receiver: null);
    }

    /// <summary>A string helper called as a method: 'name.upper()' is 'upper(name)', 'sep.join(items)' is 'join(sep, items)'.</summary>
    private CallNode ParseMethodCall(ExpressionTreeNode receiver, Token access, Token nameToken)
    {
        var name = (string)nameToken.Value!;
        var function = ExpressionFunctions.FindMethod(name)
            ?? throw Error(Current.Position, $"'{name}' cannot be called as a method; only the string helpers can ({ExpressionFunctions.MethodNames}). Values are never called through reflection");
        if (access.Kind == TokenKind.QuestionDot)
        {
            throw Error(access.Position, $"'?.' cannot be used to call '{name}'; use '.' and check for null with 'is None' first");
        }

        var open = Advance();
        Enter(open);
        var (arguments, height) = ParseList(TokenKind.RightParen, "')'", allowTrailingComma: false);
        _depth--;
        return MakeCall(function, nameToken, [receiver, .. arguments], Math.Max(height, receiver.Height), receiver);
    }

    private CallNode MakeCall(FunctionInfo function, Token nameToken, ExpressionTreeNode[] arguments, int height, ExpressionTreeNode? receiver)
    {
        if (arguments.Length < function.MinArguments || arguments.Length > function.MaxArguments)
        {
            var offset = receiver is null ? 0 : 1;
            throw Error(
                nameToken.Position,
                $"function '{function.Name}' expects {function.DescribeArity(offset)} but got {arguments.Length - offset}");
        }

        var start = receiver?.Start ?? nameToken.Position;
        var end = _tokens[_index - 1].End;
        return Checked(new CallNode(function, arguments, start, end, height + 1), nameToken);
    }

    /// <summary>
    /// Parses comma-separated expressions up to and including <paramref name="closing"/>. A trailing comma is allowed in
    /// list literals (as in Python) and refused in calls.
    /// </summary>
    private (ExpressionTreeNode[] Items, int Height) ParseList(TokenKind closing, string closingText, bool allowTrailingComma)
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

            var comma = Advance();
            if (!allowTrailingComma && Current.Kind == closing)
            {
                throw Error(comma.Position, "a call cannot end with ','; remove the trailing comma or add the missing argument");
            }
        }

        Expect(closing, $"',' or {closingText}");
        return (items.ToArray(), height);
    }
}
