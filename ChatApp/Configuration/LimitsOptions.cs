namespace ChatApp.Configuration;

/// <summary><c>Chat:Limits</c>: what one identity (a browser) or one API key may ask of this server.</summary>
public sealed class LimitsOptions
{
    /// <summary>Answers one identity or key may have running at once.</summary>
    public int ConcurrentStreams { get; set; } = 3;

    /// <summary>Output tokens one identity or key may receive per hour.</summary>
    public int TokensPerHour { get; set; } = 200_000;

    /// <summary>The longest prompt accepted (characters), in the page and on the API.</summary>
    public int MaxPromptChars { get; set; } = 100_000;

    /// <summary>The most messages one API request may carry.</summary>
    public int MaxMessagesPerRequest { get; set; } = 500;

    /// <summary>The largest API request body (bytes).</summary>
    public int MaxRequestBytes { get; set; } = 8 * 1024 * 1024;
}
