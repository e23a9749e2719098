namespace ChatApp.LoadTest;

/// <summary>
/// One stream as the client saw it: whether it ended with [DONE], its response headers and its first content (both from
/// the send), the gaps between content events. Headers come once the server has admitted the request and started its
/// answer, so a slow first content with quick headers waited in the answer's path, not at the door. Its TCP connection
/// is up before the server accepts it (the kernel completes it), so the time to it is the client's own wait.
/// </summary>
public sealed record StreamResult(bool Completed, double FirstContentMs, IReadOnlyList<double> GapsMs, int Events, string Failure, double HeadersMs = 0, double ConnectedMs = 0);
