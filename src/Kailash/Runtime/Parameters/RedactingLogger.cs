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

    /// <summary>Opens a scope; a scope whose text or properties hold a secret is opened with the masked text and properties instead.</summary>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var text = state.ToString();
        if (!_secrets.Contains(text) && !ContainsInState(state))
        {
            return _inner.BeginScope(state);
        }

        return _inner.BeginScope(new MaskedScope(_secrets.MaskText(text ?? string.Empty), MaskProperties(state)));
    }

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
                if (_secrets.Contains(property.Value as string ?? (property.Value is null or ValueType ? null : property.Value.ToString())))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private KeyValuePair<string, object?>[] MaskProperties<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            return [];
        }

        var masked = new KeyValuePair<string, object?>[properties.Count];
        for (var i = 0; i < masked.Length; i++)
        {
            var value = properties[i].Value;
            masked[i] = new(properties[i].Key, value is string or null or ValueType ? _secrets.MaskObject(value) : _secrets.MaskText(value.ToString() ?? string.Empty));
        }

        return masked;
    }

    /// <summary>A scope's masked text, with its masked properties for structured loggers.</summary>
    private sealed class MaskedScope(string text, KeyValuePair<string, object?>[] properties) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => properties.Length;

        public KeyValuePair<string, object?> this[int index] => properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)properties).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;
    }
}
