namespace ChatApp.Providers;

/// <summary>No provider sent a first token in time (and the non-streaming fallback did not answer either).</summary>
public sealed class FirstTokenTimeoutException(string message) : Exception(message);
