namespace ChatApp.Answers;

/// <summary>
/// Scaled out, the ledger behind <see cref="StreamLimits"/> that every instance shares (ScaleOut implements it on
/// Redis), so one identity's limits count across the cluster, not once per instance.
/// </summary>
public interface IClusterLimits
{
    /// <summary>Takes one of <paramref name="limit"/> stream slots of <paramref name="identity"/>; null when all are taken. Disposing gives it back.</summary>
    ValueTask<IDisposable?> TryHoldStreamAsync(string identity, int limit);

    /// <summary>Output tokens <paramref name="identity"/> received in the last hour, on every instance.</summary>
    ValueTask<long> TokensThisHourAsync(string identity);

    /// <summary>Counts an ended answer's output tokens against <paramref name="identity"/>'s hour (sent, not awaited).</summary>
    void Charge(string identity, int tokens);
}

/// <summary>The shared ledger of limits cannot be reached now (this instance's own limiters stand in).</summary>
public sealed class ClusterLimitsUnavailableException(Exception? inner = null) : Exception("The shared limits cannot be reached.", inner);
