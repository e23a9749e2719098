using System.Threading.RateLimiting;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;

namespace ChatApp.Answers;

/// <summary>
/// What one identity (a browser's anonymous id, or an API key) may start, with System.Threading.RateLimiting's
/// partitioned limiters: at most <c>Chat:Limits:ConcurrentStreams</c> answers running at once (a concurrency
/// limiter, no queue), and at most <c>Chat:Limits:TokensPerHour</c> output tokens in any hour (a sliding window
/// of twelve five-minute segments, charged with each answer's output tokens when it ends: the provider's count
/// when it reports one, else the deltas streamed). Scaled out, both count on a ledger every instance shares
/// (<see cref="IClusterLimits"/>); if that ledger cannot be reached, this instance's own limiters stand in.
/// </summary>
public sealed class StreamLimits : IDisposable
{
    private static readonly TimeSpan TokenWindow = TimeSpan.FromHours(1);
    private const int TokenSegments = 12;

    private readonly LimitsOptions _limits;
    private readonly StreamMetrics? _metrics;
    private readonly PartitionedRateLimiter<string> _concurrent;
    private readonly PartitionedRateLimiter<string> _tokens;
    private readonly IClusterLimits? _cluster;
    private readonly ILogger<StreamLimits>? _logger;

    public StreamLimits(IOptions<ChatOptions> options, StreamMetrics? metrics = null, IClusterLimits? cluster = null, ILogger<StreamLimits>? logger = null)
    {
        _limits = options.Value.Limits;
        _metrics = metrics;
        _cluster = cluster;
        _logger = logger;
        _concurrent = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetConcurrencyLimiter(identity,
            _ => new ConcurrencyLimiterOptions { PermitLimit = _limits.ConcurrentStreams, QueueLimit = 0 }));
        _tokens = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetSlidingWindowLimiter(identity,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = _limits.TokensPerHour,
                Window = TokenWindow,
                SegmentsPerWindow = TokenSegments,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Admits one more answer for <paramref name="identity"/>, or refuses it saying which limit and when to retry.</summary>
    /// <exception cref="LimitExceededException">A limit refused it.</exception>
    public async ValueTask<Admission> AdmitAsync(string identity)
    {
        if (await TokensUsedUpAsync(identity).ConfigureAwait(false))
        {
            var retry = TokenWindow / TokenSegments;
            _metrics?.RecordRefusal("app", "tokens_per_hour");
            throw new LimitExceededException(
                $"You have used this hour's {_limits.TokensPerHour:N0} output tokens (Chat:Limits:TokensPerHour). Try again in about {retry.TotalMinutes:0} minutes.",
                "Chat:Limits:TokensPerHour", retry);
        }
        if (await HoldStreamAsync(identity).ConfigureAwait(false) is not { } slot)
        {
            _metrics?.RecordRefusal("app", "concurrent_streams");
            throw new LimitExceededException(
                (_limits.ConcurrentStreams == 1 ? "An answer is already running for you" : $"{_limits.ConcurrentStreams} answers are already running for you")
                + " (Chat:Limits:ConcurrentStreams). Try again when one of them ends.",
                "Chat:Limits:ConcurrentStreams", TimeSpan.FromSeconds(5));
        }
        return new Admission(this, identity, slot);
    }

    private async ValueTask<bool> TokensUsedUpAsync(string identity)
    {
        if (await AskClusterAsync(async cluster => await cluster.TokensThisHourAsync(identity).ConfigureAwait(false) >= _limits.TokensPerHour)
                .ConfigureAwait(false) is (true, var usedUp))
        {
            return usedUp;
        }
        return _tokens.GetStatistics(identity) is { CurrentAvailablePermits: <= 0 };
    }

    private async ValueTask<IDisposable?> HoldStreamAsync(string identity)
    {
        if (await AskClusterAsync(cluster => cluster.TryHoldStreamAsync(identity, _limits.ConcurrentStreams)).ConfigureAwait(false) is (true, var held))
        {
            return held;
        }
        var lease = _concurrent.AttemptAcquire(identity);
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    /// <summary>The shared ledger's answer, or (false, default) when there is none or it cannot be reached: this instance's limiters decide then.</summary>
    private async ValueTask<(bool Answered, T Value)> AskClusterAsync<T>(Func<IClusterLimits, ValueTask<T>> ask)
    {
        if (_cluster is null)
        {
            return (false, default!);
        }
        try
        {
            return (true, await ask(_cluster).ConfigureAwait(false));
        }
        catch (ClusterLimitsUnavailableException ex)
        {
            LogUnavailable(ex);
            return (false, default!);
        }
    }

    private void LogUnavailable(Exception ex) =>
        _logger?.LogWarning(ex, "The shared limits cannot be reached; this instance's own limits apply meanwhile");

    // Charges what fits in the window (a last answer may go past the limit: the next one is refused).
    private void Charge(string identity, int tokens)
    {
        if (_cluster is not null)
        {
            try
            {
                _cluster.Charge(identity, tokens); // fire and forget: returns at once, or throws at once when the ledger is away
                return;
            }
            catch (ClusterLimitsUnavailableException ex)
            {
                LogUnavailable(ex);
            }
        }
        var available = _tokens.GetStatistics(identity)?.CurrentAvailablePermits ?? _limits.TokensPerHour;
        var charge = (int)Math.Min(tokens, Math.Max(0, available));
        if (charge > 0)
        {
            _tokens.AttemptAcquire(identity, charge).Dispose();
        }
    }

    public void Dispose()
    {
        _concurrent.Dispose();
        _tokens.Dispose();
    }

    /// <summary>One admitted answer: holds its concurrency slot until the answer ends, then charges its tokens.</summary>
    public sealed class Admission(StreamLimits limits, string identity, IDisposable slot)
    {
        private int _ended;

        /// <summary>The answer ended with <paramref name="outputTokens"/>: its slot frees and its tokens count against the hour.</summary>
        public void End(int outputTokens)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                slot.Dispose();
                limits.Charge(identity, outputTokens);
            }
        }
    }
}
