using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Validation;

/// <summary>The validation concern's log messages. They carry names and types, never values.</summary>
internal static partial class ValidationLog
{
    [LoggerMessage(EventId = 5041, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void ContractViolation(ILogger logger, string message);
}
