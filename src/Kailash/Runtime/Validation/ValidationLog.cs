using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Validation;

/// <summary>The runtime's validation and parameter log messages. They carry names and types, never values.</summary>
internal static partial class ValidationLog
{
    [LoggerMessage(EventId = 5041, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void ContractViolation(ILogger logger, string message);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void UnknownParameters(ILogger logger, string message);
}
