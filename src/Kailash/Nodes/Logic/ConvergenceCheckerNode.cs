using System.Globalization;
using Kailash.Expressions;

namespace Kailash.Nodes.Logic;

/// <summary>
/// Decides whether a value watched by a cycle has converged (Kailash's <c>ConvergenceCheckerNode</c>). Inputs
/// <c>value</c>, <c>mode</c> (<c>threshold stability improvement combined custom</c>), <c>threshold</c>,
/// <c>stability_window</c>, <c>min_variance</c>, <c>min_improvement</c>, <c>improvement_window</c>, <c>custom_expression</c>,
/// <c>early_stop_iterations</c>, <c>patience</c>, <c>data</c>; outputs <c>converged</c>, <c>reason</c>, <c>value</c>,
/// <c>iteration</c>, <c>convergence_metrics</c> and <c>data</c> (passed through). End the cycle with
/// <c>ConvergeWhen("converged == True")</c>.
/// </summary>
/// <remarks>
/// The history of values lives in the node's own previous output (<c>convergence_metrics.value_history</c>, the last 100
/// values), so the node keeps no state between runs. <c>iteration</c> counts from 1 (Kailash counts from 0), so
/// <c>early_stop_iterations: 5</c> converges once five iterations have run. <c>custom_expression</c> is an expression of
/// this language (not Python <c>eval</c>) over <c>value</c>, <c>iteration</c>, <c>history</c> and the node's inputs.
/// </remarks>
public sealed class ConvergenceCheckerNode : Node
{
    private const int MaxHistory = 100;
    private const string Metrics = "convergence_metrics";

    private static readonly IReadOnlyList<object?> Modes = ["threshold", "stability", "improvement", "combined", "custom"];

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new("value", typeof(double)) { Default = 0.0, HasDefault = true, Description = "Value to check for convergence." },
        new("threshold", typeof(double)) { Default = 0.8, HasDefault = true, Description = "Target threshold (modes threshold, combined)." },
        new("mode", typeof(string)) { Default = "threshold", HasDefault = true, Choices = Modes, Description = "threshold, stability, improvement, combined or custom." },
        new("stability_window", typeof(long)) { Default = 3L, HasDefault = true, Description = "Number of recent values analysed for stability." },
        new("min_variance", typeof(double)) { Default = 0.01, HasDefault = true, Description = "Largest spread (max - min) of the window counted as stable." },
        new("min_improvement", typeof(double)) { Default = 0.01, HasDefault = true, Description = "Improvement per iteration below which the value has converged (mode improvement)." },
        new("improvement_window", typeof(long)) { Default = 3L, HasDefault = true, Description = "Window for the improvement rate." },
        new("custom_expression", typeof(string)) { Description = "Condition over value, iteration, history and the inputs (mode custom)." },
        new("early_stop_iterations", typeof(long)) { Description = "Converge once this many iterations have run." },
        new("patience", typeof(long)) { Default = 5L, HasDefault = true, Description = "Converge after this many iterations without a new best value." },
        new("data", typeof(object)) { Description = "Passed through to the 'data' output." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["converged", "reason", "value", "iteration", Metrics, "data"];

    private ExpressionProgram? _custom;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => Outputs;

    /// <inheritdoc />
    public override Type? GetOutputType(string port) => port switch
    {
        "converged" => typeof(bool),
        "reason" => typeof(string),
        "value" => typeof(double),
        "iteration" => typeof(long),
        Metrics => typeof(Dictionary<string, object?>),
        _ => null,
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var value = inputs.GetOrDefault("value", 0.0);
        var mode = inputs.GetOrDefault("mode", "threshold");
        var iteration = (long)(context.Cycle?.Iteration ?? 1);
        var previous = context.Cycle?.PreviousOutputs?.GetValueOrDefault(Metrics) as IReadOnlyDictionary<string, object?>;
        var history = new List<double>();
        if (previous?.GetValueOrDefault("value_history") is IEnumerable<object?> earlier)
        {
            history.AddRange(earlier.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)));
        }

        history.Add(value);
        if (history.Count > MaxHistory)
        {
            history.RemoveRange(0, history.Count - MaxHistory);
        }

        var best = previous?.GetValueOrDefault("best_value") is double b ? Math.Max(b, value) : value;
        var stalled = previous is null ? 0L : (value > (previous.GetValueOrDefault("best_value") as double? ?? value) ? 0L : (previous.GetValueOrDefault("no_improvement_count") as long? ?? 0L) + 1);
        var metrics = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["value"] = value,
            ["best_value"] = best,
            ["value_history"] = history.Select(v => (object?)v).ToList(),
            ["no_improvement_count"] = stalled,
            ["iteration"] = iteration,
        };

        bool converged;
        string reason;
        var earlyStop = inputs.GetOrDefault<long?>("early_stop_iterations", null);
        var patience = inputs.GetOrDefault("patience", 5L);
        if (earlyStop is { } stop && iteration >= stop)
        {
            (converged, reason) = (true, $"Early stop: reached {stop} iterations");
        }
        else if (patience > 0 && stalled >= patience)
        {
            (converged, reason) = (true, $"Early stop: no improvement for {patience} iterations");
        }
        else
        {
            (converged, reason) = mode switch
            {
                "threshold" => Threshold(value, inputs.GetOrDefault("threshold", 0.8), metrics),
                "stability" => Stability(history, inputs.GetOrDefault("stability_window", 3L), inputs.GetOrDefault("min_variance", 0.01), metrics),
                "improvement" => Improvement(history, inputs.GetOrDefault("improvement_window", 3L), inputs.GetOrDefault("min_improvement", 0.01), metrics),
                "combined" => Combined(value, history, inputs, metrics),
                _ => Custom(inputs, context, value, iteration, history),
            };
        }

        return new Dictionary<string, object?>(6)
        {
            ["converged"] = converged,
            ["reason"] = reason,
            ["value"] = value,
            ["iteration"] = iteration,
            [Metrics] = metrics,
            ["data"] = inputs.GetOrDefault<object?>("data", null),
        };
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        _custom = Transform.TransformSupport.ParseOptional(config, "custom_expression", registry);
        if (config.GetValueOrDefault("mode") is "custom" && _custom is null)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "mode 'custom' needs a 'custom_expression' in the config, for example \"value > 0.9 and iteration >= 3\".", "custom_expression");
        }
    }

    private static (bool, string) Threshold(double value, double threshold, Dictionary<string, object?> metrics)
    {
        metrics["threshold"] = threshold;
        metrics["distance_to_threshold"] = threshold - value;
        var met = value >= threshold;
        return (met, string.Create(CultureInfo.InvariantCulture, $"Value {value:F3} {(met ? "≥" : "<")} threshold {threshold:F3}"));
    }

    private static (bool, string) Stability(List<double> history, long window, double minVariance, Dictionary<string, object?> metrics)
    {
        if (history.Count < window)
        {
            metrics["variance"] = null;
            return (false, $"Need {window} values, have {history.Count}");
        }

        var recent = history.Skip(history.Count - (int)window).ToList();
        var spread = recent.Max() - recent.Min();
        metrics["variance"] = spread;
        metrics["min_variance"] = minVariance;
        var met = spread <= minVariance;
        return (met, string.Create(CultureInfo.InvariantCulture, $"Variance {spread:F4} {(met ? "≤" : ">")} {minVariance:F4}"));
    }

    private static (bool, string) Improvement(List<double> history, long window, double minImprovement, Dictionary<string, object?> metrics)
    {
        if (history.Count < window || window < 2)
        {
            metrics["improvement_rate"] = null;
            return (false, $"Need {window} values for improvement calculation");
        }

        var recent = history.Skip(history.Count - (int)window).ToList();
        var rate = (recent[^1] - recent[0]) / (recent.Count - 1);
        metrics["improvement_rate"] = rate;
        metrics["min_improvement"] = minImprovement;
        var met = rate < minImprovement;
        return (met, string.Create(CultureInfo.InvariantCulture, $"Improvement rate {rate:F4} {(met ? "<" : "≥")} {minImprovement:F4}"));
    }

    private static (bool, string) Combined(double value, List<double> history, NodeInputs inputs, Dictionary<string, object?> metrics)
    {
        var (thresholdMet, thresholdReason) = Threshold(value, inputs.GetOrDefault("threshold", 0.8), metrics);
        var (stable, stabilityReason) = Stability(history, inputs.GetOrDefault("stability_window", 3L), inputs.GetOrDefault("min_variance", 0.01), metrics);
        metrics["threshold_met"] = thresholdMet;
        metrics["stability_met"] = stable;
        return (thresholdMet && stable) switch
        {
            true => (true, $"Both conditions met: {thresholdReason} AND {stabilityReason}"),
            false when thresholdMet => (false, $"Threshold met but unstable: {stabilityReason}"),
            _ => (false, $"Threshold not met: {thresholdReason}"),
        };
    }

    private (bool, string) Custom(NodeInputs inputs, NodeContext context, double value, long iteration, List<double> history)
    {
        var program = _custom ?? throw new KailashException(ErrorCodes.InvalidNodeConfig, $"ConvergenceCheckerNode '{context.NodeId}': mode 'custom' needs 'custom_expression'.", context.NodeId, "custom_expression");
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            variables[input.Key] = input.Value;
        }

        variables["value"] = value;
        variables["iteration"] = iteration;
        variables["history"] = history.Select(v => (object?)v).ToList();
        var verdict = Transform.TransformSupport.Evaluate(program, new DictionaryExpressionScope(variables), context, "custom_expression", 0);
        var met = PythonValues.IsTruthy(verdict);
        return (met, $"Custom expression '{program.Source}' = {(met ? "True" : "False")}");
    }
}
