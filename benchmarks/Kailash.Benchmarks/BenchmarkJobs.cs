using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Kailash.Benchmarks;

/// <summary>
/// The job of the side-by-side suites: one process per case, a few warm-up and measured iterations, so the whole run
/// stays within about 20 minutes on a 2-core machine. Compare numbers only within one run.
/// Set <c>KAILASH_BENCH_QUICK=1</c> for a smoke run with fewer iterations.
/// </summary>
public sealed class SideBySideConfig : ManualConfig
{
    public SideBySideConfig()
    {
        var quick = BenchmarkSettings.Quick;
        AddJob(Job.Default
            .WithId("SideBySide")
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 2 : 6)
            .WithIterationCount(quick ? 3 : 10)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 250)));
    }
}

/// <summary>The job of the I/O fan-out suite, whose operations take 10 ms to 1 s.</summary>
public sealed class IoFanOutConfig : ManualConfig
{
    public IoFanOutConfig()
    {
        var quick = BenchmarkSettings.Quick;
        AddJob(Job.Default
            .WithId("IoFanOut")
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 2 : 6));
    }
}

/// <summary>Settings read from the environment by the suites' configs.</summary>
public static class BenchmarkSettings
{
    /// <summary>Gets a value indicating whether <c>KAILASH_BENCH_QUICK=1</c> asks for a short smoke run.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable("KAILASH_BENCH_QUICK") == "1";
}
