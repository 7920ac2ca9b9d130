using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kailash.Testing;

/// <summary>
/// A logger factory that keeps every log call made through its loggers (every level is enabled), for tests that check
/// what a runtime logs — or that it never logs a secret. Thread-safe.
/// </summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    /// <summary>Gets every captured call, in the order made.</summary>
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>Gets the captured calls (the same as <see cref="Entries"/>; kept for tests that read log lines).</summary>
    public ConcurrentQueue<LogEntry> Lines => Entries;

    /// <summary>Gets all captured text, one line per call: level, category and <see cref="LogEntry.Text"/>.</summary>
    public string AllText => string.Join(Environment.NewLine, Entries.Select(l => $"{l.Level} {l.Category}: {l.Text}"));

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var text = message;
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                text += " | " + string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}"));
            }

            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, message, exception, exception is null ? text : text + Environment.NewLine + exception));
        }
    }
}
