namespace ChatApp.LoadTest;

/// <summary>One stream as the client saw it: whether it ended with [DONE], its first content, the gaps between content events.</summary>
public sealed record StreamResult(bool Completed, double FirstContentMs, IReadOnlyList<double> GapsMs, int Events, string Failure);
