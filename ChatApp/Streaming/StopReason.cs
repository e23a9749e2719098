namespace ChatApp.Streaming;

/// <summary>Why a generation was cancelled. A user's Stop is not a disconnect, and neither is a shutdown.</summary>
public enum StopReason
{
    User,
    /// <summary>Nobody was watching for longer than the disconnect grace period.</summary>
    Disconnected,
    Shutdown,
}
