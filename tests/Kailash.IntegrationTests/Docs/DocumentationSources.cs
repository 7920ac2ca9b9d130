using System.Text.RegularExpressions;
using Kailash.IntegrationTests.Cli;

namespace Kailash.IntegrationTests.Docs;

/// <summary>Reads the documented code blocks (from Markdown) and the snippet regions (from the samples project).</summary>
internal static partial class DocumentationSources
{
    /// <summary>The Markdown files whose C# blocks must all be compiled, executed sample code.</summary>
    public static IReadOnlyList<string> CheckedDocuments { get; } =
    [
        "README.md",
        "docs/api/runtime.md",
        "docs/api/nodes.md",
        .. Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot, "docs", "migration"), "*.md")
            .Select(f => Path.GetRelativePath(CliHarness.RepositoryRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Gets every fenced block of a document, with its language and first line number.</summary>
    public static IReadOnlyList<CodeBlock> Blocks(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(CliHarness.RepositoryRoot, document));
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
            {
                end++;
            }

            Assert.True(end < lines.Length, $"{document}:{i + 1}: a ``` block is never closed.");
            var body = lines[start..end].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l);
            blocks.Add(new CodeBlock(document, i + 1, open.Groups["lang"].Value, string.Join('\n', body)));
            i = end;
        }

        return blocks;
    }

    /// <summary>Gets every <c>// &lt;snippet:name&gt;</c> … <c>// &lt;/snippet:name&gt;</c> region under <c>samples/</c>.</summary>
    public static IReadOnlyList<Snippet> Snippets()
    {
        var snippets = new List<Snippet>();
        var samples = Path.Combine(CliHarness.RepositoryRoot, "samples");
        foreach (var file in Directory.GetFiles(samples, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = Path.GetRelativePath(CliHarness.RepositoryRoot, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            var usings = lines.Where(l => UsingDirective().IsMatch(l)).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
            string? name = null;
            var start = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = Marker().Match(lines[i]);
                if (!marker.Success)
                {
                    continue;
                }

                var closing = marker.Groups["close"].Success;
                var markerName = marker.Groups["name"].Value;
                if (!closing)
                {
                    Assert.True(name is null, $"{relative}:{i + 1}: snippet '{markerName}' opens inside snippet '{name}'.");
                    name = markerName;
                    start = i + 1;
                }
                else
                {
                    Assert.True(name == markerName, $"{relative}:{i + 1}: '</snippet:{markerName}>' closes '{name ?? "nothing"}'.");
                    snippets.Add(new Snippet(markerName, relative, start + 1, string.Join('\n', lines[start..i]), usings));
                    name = null;
                }
            }

            Assert.True(name is null, $"{relative}: snippet '{name}' is never closed.");
        }

        return snippets;
    }

    /// <summary>Tells whether a line is a using directive (<c>using Kailash.Runtime;</c>), not a using declaration.</summary>
    public static bool IsUsingDirective(string line) => UsingDirective().IsMatch(line);

    /// <summary>Collapses every run of whitespace to one space, so indentation and line breaks do not matter.</summary>
    public static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"^(?<indent>\s*)```(?<lang>[A-Za-z0-9#+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*//\s*<(?<close>/)?snippet:(?<name>[a-z0-9-]+)>\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[A-Za-z0-9_.]+\s*;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>A fenced block of a Markdown document.</summary>
internal sealed record CodeBlock(string Document, int Line, string Language, string Text)
{
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    public override string ToString() => $"{Document}:{Line} ({Language})";
}

/// <summary>A snippet region of a sample file, with the using directives of that file.</summary>
internal sealed record Snippet(string Name, string File, int Line, string Text, IReadOnlySet<string> FileUsings);
