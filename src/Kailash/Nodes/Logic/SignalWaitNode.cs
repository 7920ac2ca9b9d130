namespace Kailash.Nodes.Logic;

/// <summary>
/// Waits for a named signal from outside the run — a person's answer, another system's event (Kailash's
/// <c>SignalWaitNode</c>). Inputs <c>signal_name</c> (required: the name the signal is answered by), <c>timeout</c>
/// (seconds; none waits forever) and <c>input_data</c> (shown with the request and passed through); outputs
/// <c>signal_data</c> (the answer) and <c>input_data</c>.
/// </summary>
/// <remarks>
/// The run suspends at this node (<see cref="Runtime.WorkflowRunStatus.Suspended"/>; it needs a run store) and is finished
/// by resuming it with the signal: <c>ResumeSettings.Responses["approval"] = true</c>, <c>AnswerInputAsync</c>, or
/// <c>kailash resume RUN_ID --input approval=true</c>. Its body is the request alone, so running it again on resume does
/// nothing but deliver the answer. A signal that does not come within <c>timeout</c> fails the node (<c>KWF139</c>).
/// </remarks>
public sealed class SignalWaitNode : AsyncNode
{
    /// <summary>The input naming the signal.</summary>
    public const string SignalNameInput = "signal_name";

    /// <summary>The input giving the timeout in seconds.</summary>
    public const string TimeoutInput = "timeout";

    /// <summary>The input passed along with the request and through to the output.</summary>
    public const string InputDataInput = "input_data";

    /// <summary>The output carrying the signal's data.</summary>
    public const string SignalDataOutput = "signal_data";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(SignalNameInput, typeof(string)) { Required = true, Description = "The name the signal is answered by (kailash resume RUN_ID --input NAME=VALUE)." },
        new(TimeoutInput, typeof(double)) { Description = "Seconds to wait for the signal before the node fails (KWF139); none waits forever." },
        new(InputDataInput, typeof(object)) { Description = "Data shown with the request and passed through to the 'input_data' output." },
    ];

    private static readonly IReadOnlyList<string> Outputs = [SignalDataOutput, InputDataInput];

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => Outputs;

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var name = inputs.Get<string>(SignalNameInput);
        TimeSpan? timeout = null;
        if (inputs.TryGetValue(TimeoutInput, out var given) && given is not null)
        {
            var seconds = inputs.Get<double>(TimeoutInput);
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                throw new KailashException(ErrorCodes.InvalidField, $"Node '{context.NodeId}': timeout is {seconds} seconds; use a positive number of seconds, or leave it out to wait forever.", context.NodeId, TimeoutInput);
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        inputs.TryGetValue(InputDataInput, out var data);
        var signal = await context.RequestInputAsync<object>($"Waiting for signal '{name}'.", timeout, name).ConfigureAwait(false);
        return new Dictionary<string, object?>(2, StringComparer.Ordinal) { [SignalDataOutput] = signal, [InputDataInput] = data };
    }
}
