using Kailash.Durability;

namespace Kailash.Runtime;

/// <content>Human input: answering a stored run's input requests from any process, and listing what a run waits for.</content>
public abstract partial class BaseRuntime
{
    /// <summary>
    /// Stores a response to an input request of a run recorded in <see cref="RuntimeOptions.RunStore"/>, without resuming
    /// the run: any process with the same store may answer (an HTTP endpoint, a person's tool), and a later
    /// <c>Resume</c>/<c>ResumeAsync</c> delivers the answer to the waiting node. The response is checked as
    /// <see cref="ResumeSettings.Responses"/> are.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="requestId">The request id (or the request's name, when one pending request has it).</param>
    /// <param name="response">The answer: a JSON-shaped value (boolean, number, string, list, map or <see langword="null"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answered request.</returns>
    /// <exception cref="KailashException">No store (<c>KWF148</c>), unknown run (<c>KWF124</c>) or request (<c>KWF136</c>), not pending (<c>KWF144</c>), expired (<c>KWF139</c>), wrong type (<c>KWF138</c>).</exception>
    public ValueTask<InputRequestRecord> AnswerInputAsync(string runId, string requestId, object? response, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Engine.AnswerInputAsync(runId, requestId, response, cancellationToken);
    }

    /// <summary>Lists the input requests a stored run waits for (pending ones, oldest first).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending requests (empty when the run waits for nothing).</returns>
    /// <exception cref="KailashException">No store (<c>KWF148</c>).</exception>
    public ValueTask<IReadOnlyList<InputRequestRecord>> GetPendingInputsAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var store = Options.RunStore ?? throw new KailashException(ErrorCodes.InputUnavailable, $"Run '{runId}' has no input requests to list: the runtime has no run store. Please set RuntimeOptions.RunStore to the store the run is recorded in.");
        return store.GetRequestsAsync(runId, pendingOnly: true, cancellationToken);
    }
}
