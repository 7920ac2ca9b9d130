using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kailash.IntegrationTests.ValidationAndParameters;

/// <summary>Collects every log line (message, structured properties and exception text) written through it.</summary>
internal sealed class CapturingLoggers : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

    public string AllText => string.Join(Environment.NewLine, Lines.Select(l => $"{l.Level} {l.Category}: {l.Text}"));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggers owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                text += " | " + string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}"));
            }

            owner.Lines.Enqueue((category, logLevel, exception is null ? text : text + Environment.NewLine + exception));
        }
    }
}
