namespace Kailash.Workflows.Serialization;

/// <summary>Stops reading a document that exceeds a <see cref="LoadLimits"/> limit; reported as <c>KWF024</c> at its position.</summary>
internal sealed class LimitException(string message, SourcePosition position) : Exception(message)
{
    public SourcePosition Position { get; } = position;
}
