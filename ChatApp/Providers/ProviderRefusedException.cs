namespace ChatApp.Providers;

/// <summary>A provider answered with an error status (used by the simulated model; SDK exceptions are read by <see cref="ProviderError"/>).</summary>
public sealed class ProviderRefusedException(int status, TimeSpan? retryAfter = null)
    : HttpRequestException($"The provider answered HTTP {status}.")
{
    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
