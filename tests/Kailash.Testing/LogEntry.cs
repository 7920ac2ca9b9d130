using Microsoft.Extensions.Logging;

namespace Kailash.Testing;

/// <summary>One log call captured by <see cref="CapturingLoggerFactory"/>.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="Id">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception passed to the log call, if any.</param>
/// <param name="Text">The formatted message, then its structured properties (<c>| key=value, …</c>), then the exception text: everything the call could leak.</param>
public sealed record LogEntry(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception, string Text);
