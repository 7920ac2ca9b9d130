namespace Kailash.Cli;

/// <summary>Bad command-line input (a malformed --param, an unreadable --params-file): exit code 2.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string code, string message)
        : base(message) => Code = code;

    public CliInputException()
        : this(ErrorCodes.InvalidField, "The command-line input is invalid.")
    {
    }

    public CliInputException(string message)
        : this(ErrorCodes.InvalidField, message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCodes.InvalidField;

    public string Code { get; } = ErrorCodes.InvalidField;
}
