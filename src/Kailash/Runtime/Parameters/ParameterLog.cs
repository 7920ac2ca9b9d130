using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Parameters;

/// <summary>The parameters concern's log messages. They carry names and types, never values.</summary>
internal static partial class ParameterLog
{
    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void UnknownParameters(ILogger logger, string message);
}
