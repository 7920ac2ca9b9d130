using System.Text;

namespace Kailash.Nodes.Sql;

/// <summary>
/// Rewrites a query's placeholders to ADO.NET named parameters: <c>:name</c> → <c>@name</c> and each <c>?</c> → <c>@p1</c>,
/// <c>@p2</c>…, skipping string literals, quoted identifiers, comments and PostgreSQL <c>::type</c> casts. Values are always
/// bound as parameters; nothing is ever spliced into the SQL text.
/// </summary>
internal static class SqlPlaceholders
{
    public static (string Sql, IReadOnlyList<string> Named, int Positional) Rewrite(string query)
    {
        var sql = new StringBuilder(query.Length + 16);
        var named = new List<string>();
        var positional = 0;
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (c is '\'' or '"' or '`')
            {
                var end = query.IndexOf(c, i + 1);
                while (end > 0 && end + 1 < query.Length && query[end + 1] == c)
                {
                    end = query.IndexOf(c, end + 2); // doubled quote inside a literal
                }

                end = end < 0 ? query.Length - 1 : end;
                sql.Append(query, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '-' && At(query, i + 1, '-'))
            {
                var end = query.IndexOf('\n', i);
                end = end < 0 ? query.Length : end;
                sql.Append(query, i, end - i);
                i = end;
            }
            else if (c == '/' && At(query, i + 1, '*'))
            {
                var end = query.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? query.Length : end + 2;
                sql.Append(query, i, end - i);
                i = end;
            }
            else if (c == ':' && At(query, i + 1, ':'))
            {
                sql.Append("::");
                i += 2;
            }
            else if (c == ':' && i + 1 < query.Length && IsNameStart(query[i + 1]) && (i == 0 || !IsNamePart(query[i - 1])))
            {
                var start = i + 1;
                var end = start;
                while (end < query.Length && IsNamePart(query[end]))
                {
                    end++;
                }

                var name = query[start..end];
                if (!named.Contains(name, StringComparer.Ordinal))
                {
                    named.Add(name);
                }

                sql.Append('@').Append(name);
                i = end;
            }
            else if (c == '?')
            {
                positional++;
                sql.Append("@p").Append(positional);
                i++;
            }
            else
            {
                sql.Append(c);
                i++;
            }
        }

        return (sql.ToString(), named, positional);
    }

    private static bool At(string text, int index, char expected) => index < text.Length && text[index] == expected;

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
