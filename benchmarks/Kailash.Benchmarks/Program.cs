using BenchmarkDotNet.Running;

namespace Kailash.Benchmarks;

/// <summary>
/// Runs the suites: <c>dotnet run -c Release --project benchmarks/Kailash.Benchmarks -- --filter *</c>
/// (or <c>scripts/bench</c>). <c>-- --check</c> only checks that every engine computes the expected value on every shape.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--check"])
        {
            return Check();
        }

        if (args is ["--store-bytes"])
        {
            return StoredBytesPerStep.Run();
        }

        if (args is ["--soak"])
        {
            return Soak.Run();
        }

        if (args is ["--alloc"])
        {
            return AllocationProbe.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static int Check()
    {
        foreach (var shape in SideBySideBenchmarks.AllShapes)
        {
            var suite = new SideBySideBenchmarks { Shape = shape };
            suite.Setup();
            suite.Cleanup();
            Console.WriteLine($"side-by-side {shape}: every engine computed {Shapes.Expected(shape)}");
        }

        var io = new IoFanOutBenchmarks();
        io.Setup();
        io.Cleanup();
        Console.WriteLine($"I/O fan-out: every engine computed {IoFanOutBenchmarks.Width * 2}");
        return 0;
    }
}
