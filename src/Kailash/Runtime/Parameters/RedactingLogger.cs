using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Wraps a node's logger in a run that resolved secrets: a log entry whose text (or exception) holds a secret value is
/// written with the value masked; other entries pass through unchanged, structure included.
/// </summary>
internal sealed class RedactingLogger : ILogger
{
    private readonly ILogger _inner;
    private readonly RunSecrets _secrets;

    public RedactingLogger(ILogger inner, RunSecrets secrets)
    {
        _inner = inner;
        _secrets = secrets;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        var text = formatter(state, exception);
        var exceptionText = exception?.ToString();
        if (!_secrets.Contains(text) && !_secrets.Contains(exceptionText) && !ContainsInState(state))
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var masked = _secrets.MaskText(text);
        if (exceptionText is not null)
        {
            masked += Environment.NewLine + _secrets.MaskText(exceptionText);
        }

        _inner.Log(logLevel, eventId, masked, null, static (message, _) => message);
    }

    private bool ContainsInState<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            foreach (var property in properties)
            {
                if (property.Value is string value && _secrets.Contains(value))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
