namespace Kailash.Nodes.Http;

/// <summary>An HTTP response, fully read.</summary>
internal sealed record HttpReply(int StatusCode, Dictionary<string, object?> Headers, string? ContentType, byte[] Body, Uri Url);
