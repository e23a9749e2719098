namespace ChatApp.Answers;

/// <summary>
/// Whether this instance is draining: from the moment the host is asked to stop (SIGTERM), no new answer starts
/// here (the page says so, the API answers 503 with Retry-After, <c>/healthz/ready</c> answers 503) while the running
/// ones finish (<c>Chat:Streaming:DrainSeconds</c>).
/// </summary>
public sealed class ShutdownDrain
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void Begin() => _draining = true;

    /// <exception cref="LimitExceededException">The instance is draining.</exception>
    public void ThrowIfDraining()
    {
        if (_draining)
        {
            throw new LimitExceededException("The server is restarting and starts no new answers. Try again in a few seconds.",
                "Chat:Streaming:DrainSeconds", TimeSpan.FromSeconds(5), serverDraining: true);
        }
    }
}
