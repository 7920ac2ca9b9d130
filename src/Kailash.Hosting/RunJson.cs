using System.Text;

namespace Kailash.Hosting;

/// <summary>Spelling shared by the HTTP API and the dashboard.</summary>
internal static class RunJson
{
    /// <summary>Turns a PascalCase name into snake_case (<c>CompletedWithErrors</c> → <c>completed_with_errors</c>).</summary>
    public static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
