namespace ChatApp.LoadTest;

/// <summary>When a stream's TCP connection was up, set by the handler's connect callback through the request's options.</summary>
public sealed class ConnectedAt
{
    public static readonly HttpRequestOptionsKey<ConnectedAt> Key = new(nameof(ConnectedAt));

    public long Timestamp { get; set; }
}
