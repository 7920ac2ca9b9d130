using System.Globalization;
using System.Text;

namespace Kailash.Expressions;

/// <summary>Kinds of tokens produced by <see cref="ExpressionLexer"/>.</summary>
internal enum TokenKind
{
    End,
    Integer,
    Double,
    String,
    Identifier,
    True,
    False,
    Null,
    In,
    And,
    Or,
    Not,
    Is,
    If,
    Else,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    SlashSlash,
    Percent,
    Bang,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AmpAmp,
    PipePipe,
    Question,
    QuestionDot,
    Colon,
    Dot,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
}

/// <summary>One lexical token: its kind, where it starts, how long it is and its literal value if any.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, int Length, object? Value)
{
    /// <summary>Gets the offset just past the token.</summary>
    public int End => Position + Length;
}

/// <summary>Splits expression source text into tokens.</summary>
internal static class ExpressionLexer
{
    /// <summary>Tokenizes <paramref name="source"/>; the last token is always <see cref="TokenKind.End"/>.</summary>
    /// <param name="source">The expression text.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="ExpressionSyntaxException">The text contains an invalid token.</exception>
    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && char.IsWhiteSpace(source[i]))
            {
                i++;
            }

            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, source.Length, 0, null));
                return tokens;
            }

            var c = source[i];
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(source, i));
            }
            else if (IsIdentifierStart(c))
            {
                tokens.Add(ReadWord(source, i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(source, i));
            }
            else
            {
                tokens.Add(ReadSymbol(source, i));
            }

            i = tokens[^1].End;
        }
    }

    /// <summary>Whether a token is a word (an identifier or a keyword), so it may name a field after '.'.</summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> for identifiers and keywords.</returns>
    public static bool IsWord(Token token) => token.Value is string && token.Kind is not TokenKind.String;

    /// <summary>Whether <paramref name="c"/> may start an identifier.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for ASCII letters and underscore.</returns>
    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token ReadWord(string source, int start)
    {
        var i = start + 1;
        while (i < source.Length && IsIdentifierPart(source[i]))
        {
            i++;
        }

        var word = source[start..i];
        var kind = word switch
        {
            "true" or "True" => TokenKind.True,
            "false" or "False" => TokenKind.False,
            "null" or "None" => TokenKind.Null,
            "in" => TokenKind.In,
            "and" => TokenKind.And,
            "or" => TokenKind.Or,
            "not" => TokenKind.Not,
            "is" => TokenKind.Is,
            "if" => TokenKind.If,
            "else" => TokenKind.Else,
            _ => TokenKind.Identifier,
        };
        return new Token(kind, start, i - start, word);
    }

    private static Token ReadNumber(string source, int start)
    {
        var i = start;
        while (i < source.Length && char.IsAsciiDigit(source[i]))
        {
            i++;
        }

        var isDouble = false;
        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isDouble = true;
            i += 2;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < source.Length && source[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent >= source.Length || !char.IsAsciiDigit(source[exponent]))
            {
                throw new ExpressionSyntaxException(source, start, "invalid number: the exponent has no digits");
            }

            isDouble = true;
            i = exponent;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && IsIdentifierPart(source[i]))
        {
            throw new ExpressionSyntaxException(source, i, $"unexpected '{source[i]}' after a number");
        }

        var text = source.AsSpan(start, i - start);
        if (isDouble)
        {
            var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value))
            {
                throw new ExpressionSyntaxException(source, start, "number is out of range");
            }

            return new Token(TokenKind.Double, start, i - start, value);
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            throw new ExpressionSyntaxException(source, start, "integer literal is too large (the maximum is 9223372036854775807)");
        }

        return new Token(TokenKind.Integer, start, i - start, integer);
    }

    private static Token ReadString(string source, int start)
    {
        var quote = source[start];
        var builder = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= source.Length)
            {
                throw new ExpressionSyntaxException(source, start, "unterminated string literal");
            }

            var c = source[i];
            if (c == quote)
            {
                return new Token(TokenKind.String, start, i + 1 - start, builder.ToString());
            }

            if (c != '\\')
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= source.Length)
            {
                throw new ExpressionSyntaxException(source, start, "unterminated string literal");
            }

            var escaped = source[i + 1];
            switch (escaped)
            {
                case '\\':
                case '"':
                case '\'':
                    builder.Append(escaped);
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case '0':
                    builder.Append('\0');
                    break;
                case 'u':
                    if (i + 6 > source.Length
                        || !ushort.TryParse(source.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new ExpressionSyntaxException(source, i, "invalid \\u escape: expected 4 hexadecimal digits");
                    }

                    builder.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new ExpressionSyntaxException(source, i, $"invalid escape sequence '\\{escaped}'");
            }

            i += 2;
        }
    }

    private static Token ReadSymbol(string source, int i)
    {
        var c = source[i];
        var next = i + 1 < source.Length ? source[i + 1] : '\0';
        return c switch
        {
            '+' => new Token(TokenKind.Plus, i, 1, null),
            '-' => new Token(TokenKind.Minus, i, 1, null),
            '*' when next == '*' => new Token(TokenKind.StarStar, i, 2, null),
            '*' => new Token(TokenKind.Star, i, 1, null),
            '/' when next == '/' => new Token(TokenKind.SlashSlash, i, 2, null),
            '/' => new Token(TokenKind.Slash, i, 1, null),
            '%' => new Token(TokenKind.Percent, i, 1, null),
            '(' => new Token(TokenKind.LeftParen, i, 1, null),
            ')' => new Token(TokenKind.RightParen, i, 1, null),
            '[' => new Token(TokenKind.LeftBracket, i, 1, null),
            ']' => new Token(TokenKind.RightBracket, i, 1, null),
            ',' => new Token(TokenKind.Comma, i, 1, null),
            ':' => new Token(TokenKind.Colon, i, 1, null),
            '.' => new Token(TokenKind.Dot, i, 1, null),
            '!' when next == '=' => new Token(TokenKind.BangEqual, i, 2, null),
            '!' => new Token(TokenKind.Bang, i, 1, null),
            '=' when next == '=' => new Token(TokenKind.EqualEqual, i, 2, null),
            '=' => throw new ExpressionSyntaxException(source, i, "unexpected '=' (use '==' to compare values)"),
            '<' when next == '=' => new Token(TokenKind.LessEqual, i, 2, null),
            '<' => new Token(TokenKind.Less, i, 1, null),
            '>' when next == '=' => new Token(TokenKind.GreaterEqual, i, 2, null),
            '>' => new Token(TokenKind.Greater, i, 1, null),
            '&' when next == '&' => new Token(TokenKind.AmpAmp, i, 2, null),
            '&' => throw new ExpressionSyntaxException(source, i, "unexpected '&' (use '&&' or 'and' for logical and)"),
            '|' when next == '|' => new Token(TokenKind.PipePipe, i, 2, null),
            '|' => throw new ExpressionSyntaxException(source, i, "unexpected '|' (use '||' or 'or' for logical or)"),
            '?' when next == '.' => new Token(TokenKind.QuestionDot, i, 2, null),
            '?' => new Token(TokenKind.Question, i, 1, null),
            _ => throw new ExpressionSyntaxException(source, i, $"unexpected character '{c}'"),
        };
    }
}
