namespace ChatApp.Providers.Simulated;

/// <summary>A tool call the simulated model makes: the tool's name and its arguments as JSON.</summary>
public sealed record SimulatedToolCall(string Name, string ArgumentsJson);
