namespace Kailash.IntegrationTests.Cli;

/// <summary><c>--nodes</c>: node types from an assembly file are registered for run, validate and nodes.</summary>
public sealed class PluginTests
{
    [Fact]
    public async Task NodesFlag_RegistersThePublicNodeTypesOfAnAssembly()
    {
        // This test assembly has public node types (ThrowingRouter, among others).
        var assembly = typeof(PluginTests).Assembly.Location;

        var listed = await CliHarness.RunAsync("nodes", "ThrowingRouter", "--nodes", assembly, "--output", "json");
        var without = await CliHarness.RunAsync("nodes", "ThrowingRouter");

        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Equal("ThrowingRouter", Assert.Single(listed.Json().GetProperty("nodes").EnumerateArray()).GetProperty("type").GetString());
        Assert.Equal(2, without.ExitCode);
        Assert.Contains(ErrorCodes.UnknownNodeType, without.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesFlag_AnAssemblyWithoutNodes_IsInvalidInput()
    {
        var run = await CliHarness.RunAsync("nodes", "--nodes", typeof(Xunit.FactAttribute).Assembly.Location);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.PluginLoadFailed, run.Stderr, StringComparison.Ordinal);
    }
}
