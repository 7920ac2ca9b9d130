using System.Text;
using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

/// <summary>
/// A seeded property test over the loader: mutations of the example files (truncation, random bytes, deep nesting, huge
/// numbers, odd Unicode) must each load or end in a coded <see cref="WorkflowValidationException"/> — never another
/// exception — within a generous watchdog per case. The seed is fixed, so a failure reproduces.
/// </summary>
public sealed class LoaderFuzzTests
{
    private const int CasesPerExample = 60;
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);
    private static readonly string[] Odd = ["\\ud800", "\\udc00", "\uFEFF", "\u0000", "\t", "!<>", "&a", "*a", "<<: *a", "1e400", "-1e400", ".nan", ".inf", "\"\\u0000\"", "\u202E", "\uD83D\uDE00"];

    public static TheoryData<string> Examples() => new(Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "examples")).Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task EveryMutation_LoadsOrFailsWithACode(string example)
    {
        var path = Path.Combine(RepositoryRoot(), "examples", example);
        var text = File.ReadAllText(path);
        var yaml = example.EndsWith(".yaml", StringComparison.Ordinal) || example.EndsWith(".yml", StringComparison.Ordinal);
        var random = new Random(example.Length * 7919);
        for (var i = 0; i < CasesPerExample; i++)
        {
            var mutated = Mutate(text, random);
            var outcome = Task.Run(() => Load(mutated, yaml), TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(outcome, Task.Delay(Watchdog, TestContext.Current.CancellationToken));
            Assert.True(finished == outcome, $"Case {i} of {example} did not finish within {Watchdog.TotalSeconds} s.");
            Assert.Null(await outcome);
        }
    }

    /// <summary>Loads and returns the unexpected exception, or null for success or a coded validation error.</summary>
    private static Exception? Load(string text, bool yaml)
    {
        try
        {
            _ = yaml ? WorkflowSerializer.LoadYaml(text, NodeRegistry.BuiltIn) : WorkflowSerializer.LoadJson(text, NodeRegistry.BuiltIn);
            return null;
        }
        catch (WorkflowValidationException ex) when (ex.Errors.Count > 0 && ex.Errors.All(e => e.Code.StartsWith("KWF", StringComparison.Ordinal)))
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length + 1);
        return random.Next(6) switch
        {
            0 => text[..at],
            1 => text[..at] + RandomChars(random) + text[at..],
            2 => text[..at] + new string('[', 300 + random.Next(300)) + text[at..],
            3 => text[..at] + (random.Next(2) == 0 ? "9" + new string('9', 400) : "1e" + random.Next(300, 5000)) + text[at..],
            4 => text[..at] + Odd[random.Next(Odd.Length)] + text[at..],
            _ => string.Concat(text.AsSpan(0, at), text.AsSpan(Math.Min(text.Length, at + random.Next(1, 40)))),
        };
    }

    private static string RandomChars(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 20); i > 0; i--)
        {
            text.Append((char)random.Next(0, 0x3000));
        }

        return text.ToString();
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kailash.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Kailash.slnx).");
    }
}
