namespace ChatApp.Configuration;

/// <summary><c>Chat:Logging</c>: what the app's own log lines may contain.</summary>
public sealed class LoggingOptions
{
    /// <summary>Put prompt and answer text in the log lines (off by default: chats are private, logs are not).</summary>
    public bool IncludeContent { get; set; }
}
