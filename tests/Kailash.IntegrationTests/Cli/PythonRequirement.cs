namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// Tests of <c>PythonCodeNode</c> need <c>python3</c>. Without it they skip with a message saying so; with
/// <c>KAILASH_REQUIRE_PYTHON=1</c> (set by <c>.ci/run</c>, which installs python3) they fail instead of skipping.
/// </summary>
internal static class PythonRequirement
{
    public static bool IsAvailable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, OperatingSystem.IsWindows() ? "python3.exe" : "python3")));

    public static void SkipUnlessAvailable()
    {
        if (IsAvailable)
        {
            return;
        }

        const string Message = "python3 is not on PATH, so this PythonCodeNode test cannot run. Install python3 (apt-get install -y python3) to run it.";
        Assert.False(Environment.GetEnvironmentVariable("KAILASH_REQUIRE_PYTHON") == "1", Message + " KAILASH_REQUIRE_PYTHON=1 requires it.");
        Assert.Skip(Message);
    }
}
