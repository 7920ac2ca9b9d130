using Kailash.Expressions;
using Kailash.Internal;

namespace Kailash.Nodes.Logic;

/// <summary>
/// Routes its <c>input_data</c> to one branch. Boolean mode tests <c>condition_field</c> (a key or dotted path into the
/// input; absent means the whole input) with <c>operator</c> against <c>value</c> and sends the input to
/// <c>true_output</c> or <c>false_output</c>. Multi-case mode (<c>cases</c> configured) sends it to
/// <c>case_&lt;value&gt;</c> for the first equal case, or to <c>default</c> when none matches.
/// </summary>
/// <remarks>
/// <para>Only the taken branch is active: nodes fed only by the other branches are skipped (transitively). The taken
/// branch stays active even when the input is <see langword="null"/>. <c>condition_result</c> is always active.</para>
/// <para>A <c>condition_field</c> missing from the input makes the condition false (only <c>is_null</c> is true) and, in
/// multi-case mode, selects <c>default</c>. Comparing values that do not compare (a string with a number) fails the
/// node with <c>KWF032</c>; an unknown operator is a build error (<c>KWF011</c>).</para>
/// </remarks>
public sealed class SwitchNode : Node
{
    /// <summary>The input routed to the taken branch.</summary>
    public const string InputData = "input_data";

    /// <summary>The config key naming the tested field.</summary>
    public const string ConditionFieldInput = "condition_field";

    /// <summary>The config key holding the operator.</summary>
    public const string OperatorInput = "operator";

    /// <summary>The config key holding the compared value.</summary>
    public const string ValueInput = "value";

    /// <summary>The config key holding the cases of multi-case mode.</summary>
    public const string CasesInput = "cases";

    /// <summary>The config key holding the prefix of case ports.</summary>
    public const string CasePrefixInput = "case_prefix";

    /// <summary>The config key naming the port used when no case matches.</summary>
    public const string DefaultFieldInput = "default_field";

    /// <summary>The config key that turns the <c>condition_result</c> output on or off.</summary>
    public const string PassConditionResultInput = "pass_condition_result";

    /// <summary>The branch taken when the condition holds.</summary>
    public const string TrueOutput = "true_output";

    /// <summary>The branch taken when the condition does not hold.</summary>
    public const string FalseOutput = "false_output";

    /// <summary>The output carrying the condition's result (boolean mode) or the matched case (multi-case mode).</summary>
    public const string ConditionResultOutput = "condition_result";

    /// <summary>The default case-port prefix.</summary>
    public const string DefaultCasePrefix = "case_";

    /// <summary>The default name of the no-match port.</summary>
    public const string DefaultDefaultField = "default";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new NodeParameter(InputData, typeof(object)) { Description = "The value to route." },
        new NodeParameter(ConditionFieldInput, typeof(string)) { Description = "The key or dotted path tested in input_data; absent tests the whole input." },
        new NodeParameter(OperatorInput, typeof(string)) { Default = "==", HasDefault = true, Description = "One of == != > >= < <= in contains is_null is_not_null." },
        new NodeParameter(ValueInput, typeof(object)) { Description = "The value compared with the tested field." },
        new NodeParameter(CasesInput, typeof(object)) { Description = "Multi-case mode: the case values; each gets a port named case_prefix + value." },
        new NodeParameter(CasePrefixInput, typeof(string)) { Default = DefaultCasePrefix, HasDefault = true, Description = "The prefix of case ports." },
        new NodeParameter(DefaultFieldInput, typeof(string)) { Default = DefaultDefaultField, HasDefault = true, Description = "The port used when no case matches." },
        new NodeParameter(PassConditionResultInput, typeof(bool)) { Default = true, HasDefault = true, Description = "Whether to emit condition_result." },
    ];

    private static readonly IReadOnlyList<string> BooleanPorts = [TrueOutput, FalseOutput, ConditionResultOutput];
    private static readonly IReadOnlyList<string> BooleanPortsWithoutResult = [TrueOutput, FalseOutput];

    private IReadOnlyList<string> _outputs = BooleanPorts;
    private CaseTable? _configuredCases;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    /// <remarks>Boolean mode: <c>true_output</c>, <c>false_output</c>, <c>condition_result</c>. Multi-case mode: one port per configured case, the default port and <c>condition_result</c>.</remarks>
    public override IReadOnlyList<string> GetOutputs() => _outputs;

    /// <inheritdoc />
    public override bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!outputs.TryGetValue(port, out var value))
        {
            return false;
        }

        if (port == ConditionResultOutput)
        {
            return true;
        }

        if (outputs is RoutedOutputs routed)
        {
            return string.Equals(routed.ActivePort, port, StringComparison.Ordinal);
        }

        // The map was copied by someone else: fall back on condition_result, then on the value itself.
        if ((port == TrueOutput || port == FalseOutput) && outputs.TryGetValue(ConditionResultOutput, out var result) && result is bool taken)
        {
            return taken == (port == TrueOutput);
        }

        return value is not null;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        inputs.TryGetValue(InputData, out var input);
        var field = ReadString(inputs, ConditionFieldInput, context.NodeId);
        var found = SwitchConditions.TryReadField(input, field, out var check);
        var passResult = !inputs.TryGetValue(PassConditionResultInput, out var pass) || pass is not bool flag || flag;
        var cases = ResolveCases(inputs, context.NodeId);
        if (cases is not null)
        {
            var match = SwitchConditions.MatchCase(cases.Values, found, check);
            var active = match >= 0 ? cases.Ports[match] : cases.DefaultPort;
            var outputs = new RoutedOutputs(cases.Ports.Count + 2, active);
            for (var i = 0; i < cases.Ports.Count; i++)
            {
                outputs[cases.Ports[i]] = i == match ? input : null;
            }

            outputs[cases.DefaultPort] = match < 0 ? input : null;
            if (passResult)
            {
                outputs[ConditionResultOutput] = match >= 0 ? cases.Values[match] : null;
            }

            return outputs;
        }

        var op = ReadString(inputs, OperatorInput, context.NodeId) ?? "==";
        if (!SwitchConditions.IsKnownOperator(op))
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Switch '{context.NodeId}': {SwitchConditions.UnknownOperatorMessage(op)}", context.NodeId, OperatorInput);
        }

        inputs.TryGetValue(ValueInput, out var expected);
        var condition = SwitchConditions.Evaluate(op, found, check, expected, context.NodeId, field);
        var routedOutputs = new RoutedOutputs(3, condition ? TrueOutput : FalseOutput)
        {
            [TrueOutput] = condition ? input : null,
            [FalseOutput] = condition ? null : input,
        };
        if (passResult)
        {
            routedOutputs[ConditionResultOutput] = condition;
        }

        return routedOutputs;
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.TryGetValue(OperatorInput, out var op) && op is not null && (op is not string text || !SwitchConditions.IsKnownOperator(text)))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, SwitchConditions.UnknownOperatorMessage(op), OperatorInput);
        }

        foreach (var key in (ReadOnlySpan<string>)[ConditionFieldInput, CasePrefixInput, DefaultFieldInput])
        {
            if (config.TryGetValue(key, out var value) && value is not null and not string)
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"'{key}' must be a string, not {ValueConverter.Describe(value)}.", key);
            }
        }

        if (config.TryGetValue(PassConditionResultInput, out var pass) && pass is not null and not bool)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"'{PassConditionResultInput}' must be true or false, not {ValueConverter.Describe(pass)}.", PassConditionResultInput);
        }

        var passResult = pass is not bool flag || flag;
        config.TryGetValue(CasesInput, out var cases);
        if (!CaseTable.TryCreate(cases, config, out _configuredCases, out var problem))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, problem, CasesInput);
        }

        if (_configuredCases is null)
        {
            _outputs = passResult ? BooleanPorts : BooleanPortsWithoutResult;
            return;
        }

        var ports = new List<string>(_configuredCases.Ports) { _configuredCases.DefaultPort };
        if (passResult)
        {
            ports.Add(ConditionResultOutput);
        }

        _outputs = ports;
    }

    private static string? ReadString(NodeInputs inputs, string key, string nodeId)
    {
        if (!inputs.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value as string ?? throw new KailashException(
            ErrorCodes.InvalidNodeConfig,
            $"Switch '{nodeId}': '{key}' must be a string, not {ValueConverter.Describe(value)}.",
            nodeId,
            key);
    }

    private CaseTable? ResolveCases(NodeInputs inputs, string nodeId)
    {
        if (!inputs.TryGetValue(CasesInput, out var cases) || cases is null)
        {
            return null;
        }

        // The configured table serves every run unless an input overrides the case settings.
        if (_configuredCases is { } configured && configured.IsFor(cases, inputs))
        {
            return configured;
        }

        return CaseTable.TryCreate(cases, inputs, out var table, out var problem)
            ? table
            : throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Switch '{nodeId}': {problem}", nodeId, CasesInput);
    }

    /// <summary>The cases of multi-case mode, normalized, with their port names.</summary>
    private sealed class CaseTable
    {
        private readonly object _source;
        private readonly string _prefix;

        private CaseTable(object source, string prefix, List<object?> values, List<string> ports, string defaultPort)
        {
            _source = source;
            _prefix = prefix;
            Values = values;
            Ports = ports;
            DefaultPort = defaultPort;
        }

        public List<object?> Values { get; }

        public List<string> Ports { get; }

        public string DefaultPort { get; }

        /// <summary>Builds the table; an empty or absent list gives <see langword="null"/> (boolean mode).</summary>
        /// <returns><see langword="false"/> when the cases are not a list of scalars or two cases share a port.</returns>
        public static bool TryCreate(object? cases, IReadOnlyDictionary<string, object?> settings, out CaseTable? table, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
        {
            table = null;
            problem = null;
            if (cases is null)
            {
                return true;
            }

            var plain = ValueConverter.Normalize(cases);
            if (plain is string || !ExpressionValues.IsList(plain))
            {
                problem = $"'{CasesInput}' must be a list of values, not {ValueConverter.Describe(plain)}.";
                return false;
            }

            var prefix = settings.TryGetValue(CasePrefixInput, out var p) && p is string text ? text : DefaultCasePrefix;
            var defaultPort = settings.TryGetValue(DefaultFieldInput, out var d) && d is string name ? name : DefaultDefaultField;
            var values = new List<object?>();
            var ports = new List<string>();
            var items = ExpressionValues.EnumerateList(plain!);
            while (items.MoveNext(out var item))
            {
                if (item is not (null or string or long or double or bool))
                {
                    problem = $"Case values must be strings, numbers or booleans; case {values.Count} is {ExpressionValues.TypeName(item)}.";
                    return false;
                }

                var port = prefix + SwitchConditions.PortSuffix(item);
                if (ports.Contains(port, StringComparer.Ordinal) || port == defaultPort || port == ConditionResultOutput)
                {
                    problem = $"Case {ExpressionValues.Format(item)} maps to port '{port}', which is already used. Please make the cases (after replacing ' - . : /' with '_') distinct from each other and from '{defaultPort}'.";
                    return false;
                }

                values.Add(item);
                ports.Add(port);
            }

            table = values.Count == 0 ? null : new CaseTable(cases, prefix, values, ports, defaultPort);
            return true;
        }

        public bool IsFor(object cases, NodeInputs settings)
            => ReferenceEquals(cases, _source)
               && (!settings.TryGetValue(CasePrefixInput, out var p) || p is not string prefix || prefix == _prefix)
               && (!settings.TryGetValue(DefaultFieldInput, out var d) || d is not string name || name == DefaultPort);
    }
}
