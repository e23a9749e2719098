namespace ChatApp.Providers;

/// <summary>
/// Whether a provider's event stream ended with OpenAI's explicit end marker (<c>data: [DONE]</c>). Semantic
/// Kernel ends the enumeration the same way whether the server sent the marker or the response simply
/// stopped, and some OpenAI-compatible servers send no <c>finish_reason</c> at all; the marker is how such a
/// server says the answer is finished, so it tells a finished answer from a cut-off one.
/// </summary>
/// <remarks>
/// <see cref="FailoverChatStream"/> sets <see cref="Current"/> just before it opens a provider's stream; the
/// providers' HTTP handler (<see cref="StreamEndMarkerHandler"/>) picks it up with the request it sends then.
/// </remarks>
public sealed class StreamEndSignal
{
    private volatile bool _doneSeen;

    internal static AsyncLocal<StreamEndSignal?> Current { get; } = new();

    /// <summary>The response carried a <c>data: [DONE]</c> line.</summary>
    public bool DoneSeen => _doneSeen;

    internal void MarkDone() => _doneSeen = true;
}
