namespace Kailash.Runtime.Engine.Durable;

/// <summary>What a node asks for: a prompt for whoever answers, an optional name, deadline and JSON schema hint.</summary>
internal readonly record struct InputQuestion(string Prompt, string? Name, TimeSpan? Timeout, string? Schema);
