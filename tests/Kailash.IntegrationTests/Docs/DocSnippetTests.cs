using System.Reflection;
using System.Text.RegularExpressions;
using Kailash.IntegrationTests.Cli;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Samples;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.IntegrationTests.Docs;

/// <summary>
/// Keeps the documentation from rotting. Every C# block of README.md, docs/api/runtime.md and docs/migration/*.md must
/// equal (whitespace-normalised) a <c>// &lt;snippet:name&gt;</c> region of <c>samples/</c>, which is compiled with
/// the solution and executed by <c>SampleSmokeTests</c>; a block's leading <c>using</c> lines must be using directives
/// of that sample file. Every snippet must be shown somewhere. Workflow files shown as JSON/YAML are loaded and run.
/// The API reference must name every runtime option, facade member and error code, and the migration guide every
/// Python LocalRuntime/AsyncLocalRuntime option and public method.
/// </summary>
public sealed class DocSnippetTests
{
    private static readonly Lazy<IReadOnlyList<Snippet>> AllSnippets = new(DocumentationSources.Snippets);

    public static TheoryData<string, int> CSharpBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var document in DocumentationSources.CheckedDocuments)
        {
            foreach (var block in DocumentationSources.Blocks(document).Where(b => b.IsCSharp))
            {
                data.Add(document, block.Line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void CSharpBlock_IsCompiledAndExecutedSampleCode(string document, int line)
    {
        var block = DocumentationSources.Blocks(document).Single(b => b.Line == line);
        var lines = block.Text.Split('\n');
        var usings = lines.TakeWhile(l => DocumentationSources.IsUsingDirective(l) || l.Trim().Length == 0)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Trim())
            .ToList();
        var body = DocumentationSources.Normalize(string.Join('\n', lines.SkipWhile(l => DocumentationSources.IsUsingDirective(l) || l.Trim().Length == 0)));
        Assert.False(body.Length == 0, $"{block}: the block has no code besides using directives.");

        var matches = AllSnippets.Value.Where(s => DocumentationSources.Normalize(s.Text) == body).ToList();
        Assert.True(
            matches.Count > 0,
            $"{block} is not a snippet of samples/. Copy it from a '// <snippet:name>' region of samples/Kailash.Samples " +
            $"(or add one there and run it in SampleSmokeTests). Nearest snippet: {Nearest(body)}.");

        var missing = usings.Where(u => !matches.Any(m => m.FileUsings.Contains(u))).ToList();
        Assert.True(missing.Count == 0, $"{block}: {string.Join(" ", missing)} is not a using directive of {string.Join(", ", matches.Select(m => m.File))}.");
    }

    [Fact]
    public void Snippets_HaveUniqueNames_AndEachIsShownInTheDocs()
    {
        var snippets = AllSnippets.Value;
        Assert.True(snippets.Count >= 30, $"Only {snippets.Count} snippets were found under samples/.");
        var duplicates = snippets.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Snippet names used twice: {string.Join(", ", duplicates)}.");

        var shown = DocumentationSources.CheckedDocuments
            .SelectMany(DocumentationSources.Blocks)
            .Where(b => b.IsCSharp)
            .Select(b => DocumentationSources.Normalize(b.Text))
            .ToList();
        var unshown = snippets.Where(s => !shown.Any(text => text.EndsWith(DocumentationSources.Normalize(s.Text), StringComparison.Ordinal)))
            .Select(s => $"{s.Name} ({s.File}:{s.Line})")
            .ToList();
        Assert.True(unshown.Count == 0, $"Snippets no document shows (show them or remove the markers): {string.Join(", ", unshown)}.");
    }

    [Fact]
    public void Documents_ExistAndCarryCode()
    {
        Assert.Contains("docs/migration/runtime-refactoring-migration.md", DocumentationSources.CheckedDocuments);
        Assert.Equal(2, DocumentationSources.Blocks("README.md").Count(b => b.IsCSharp));
        Assert.True(DocumentationSources.Blocks("docs/api/runtime.md").Count(b => b.IsCSharp) >= 25);
        Assert.True(DocumentationSources.Blocks("docs/migration/runtime-refactoring-migration.md").Count(b => b.IsCSharp) >= 6);
    }

    [Fact]
    public void WorkflowFilesShownInTheDocs_AreTheSamplesFiles_AndLoadAndRun()
    {
        var registry = NodeRegistry.CreateDefault().Register<SplitNameNode>();
        var workflows = new List<Workflow>();
        var json = new List<string>();
        var yaml = new List<string>();
        foreach (var block in DocumentationSources.CheckedDocuments.SelectMany(DocumentationSources.Blocks))
        {
            if (block.Language == "json" && block.Text.Contains("\"workflow_id\"", StringComparison.Ordinal))
            {
                json.Add(block.Text);
                workflows.Add(WorkflowSerializer.LoadJson(block.Text, registry, block.ToString()));
            }
            else if (block.Language is "yaml" or "yml" && block.Text.Contains("workflow_id:", StringComparison.Ordinal))
            {
                yaml.Add(block.Text);
                workflows.Add(WorkflowSerializer.LoadYaml(block.Text, registry, block.ToString()));
            }
        }

        Assert.Contains(DocumentationSources.Normalize(WorkflowFileSample.Json), json.Select(DocumentationSources.Normalize));
        Assert.Contains(DocumentationSources.Normalize(WorkflowFileSample.Yaml), yaml.Select(DocumentationSources.Normalize));
        using var runtime = new LocalRuntime();
        foreach (var workflow in workflows)
        {
            Assert.Equal(WorkflowRunStatus.Completed, runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken).Status);
        }
    }

    [Fact]
    public void ApiReference_NamesEveryOptionFacadeMemberAndErrorCode()
    {
        var text = File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "docs", "api", "runtime.md"));
        var missing = new List<string>();
        void Require(string name, string what)
        {
            if (!Regex.IsMatch(text, $@"(?<![A-Za-z0-9_]){Regex.Escape(name)}(?![A-Za-z0-9_])"))
            {
                missing.Add($"{what}.{name}");
            }
        }

        foreach (var type in new[] { typeof(RuntimeOptions), typeof(RunSettings), typeof(CycleOptions), typeof(RetryPolicyOptions), typeof(CircuitBreakerPolicyOptions), typeof(ResourceOptions), typeof(ResourceLimits), typeof(NodeParameter) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Require(property.Name, type.Name);
            }
        }

        foreach (var type in new[] { typeof(BaseRuntime), typeof(LocalRuntime), typeof(AsyncLocalRuntime), typeof(RuntimeValidation), typeof(RuntimeParameters), typeof(ConditionalExecutionFacade), typeof(CycleExecutionFacade), typeof(EnterpriseFeatures), typeof(AnalyticsFeatures), typeof(WorkflowBuilder), typeof(WorkflowRunResult), typeof(NodeResult) })
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (member is MethodInfo { IsSpecialName: true } || member is ConstructorInfo || member.Name is "Equals" or "GetHashCode" or "ToString" or "Dispose" or "DisposeAsync" or "Deconstruct" or "Item")
                {
                    continue;
                }

                Require(member.Name, type.Name);
            }
        }

        foreach (var field in typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var code = (string)field.GetRawConstantValue()!;
            if (!text.Contains($"`{code}`", StringComparison.Ordinal))
            {
                missing.Add($"error code {code} ({field.Name})");
            }
        }

        Assert.True(missing.Count == 0, $"docs/api/runtime.md does not mention: {string.Join("; ", missing)}.");
    }

    [Fact]
    public void MigrationGuide_MapsEveryPythonRuntimeOptionMethodAndMixinMethod()
    {
        var text = File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "docs", "migration", "runtime-refactoring-migration.md"));
        // `name`, `name(...)` or `Class.name(...)`, in code spans.
        var missing = PythonNames.All
            .Where(name => !Regex.IsMatch(text, $@"`(?:[A-Za-z]+\.)?{Regex.Escape(name)}[`(]"))
            .ToList();
        Assert.True(missing.Count == 0, $"The migration guide does not map: {string.Join(", ", missing)}.");
    }

    private static string Nearest(string body)
    {
        var best = AllSnippets.Value
            .Select(s => (Snippet: s, Shared: SharedPrefix(DocumentationSources.Normalize(s.Text), body)))
            .MaxBy(p => p.Shared);
        return best.Snippet is null ? "none" : $"'{best.Snippet.Name}' ({best.Snippet.File}:{best.Snippet.Line}), equal for the first {best.Shared} characters";
    }

    private static int SharedPrefix(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
