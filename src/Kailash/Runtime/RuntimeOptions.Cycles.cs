using Kailash.Runtime.Cycles;

namespace Kailash.Runtime;

/// <content>Cycle settings.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>Gets or sets how cycles run: the default iteration limit and whether reaching it without converging fails the run.</summary>
    /// <value>The default value is a <see cref="CycleOptions"/> with its defaults.</value>
    public CycleOptions Cycles { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = new();

    partial void ValidateCycles(List<string> errors)
    {
        if (Cycles is null)
        {
            errors.Add("Cycles must not be null; use new CycleOptions() for the defaults.");
            return;
        }

        if (Cycles.DefaultMaxIterations < 1)
        {
            errors.Add($"Cycles.DefaultMaxIterations must be at least 1 (was {Cycles.DefaultMaxIterations}).");
        }
    }
}
