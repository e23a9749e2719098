using System.Collections.Concurrent;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ChatApp.Providers;

/// <summary>
/// One Polly pipeline per provider around "open the stream and get its first token": a retry that honours
/// a short Retry-After (with jitter), a circuit breaker so a dead provider is skipped for a while, and the
/// first-token timeout. Built on Microsoft.Extensions.Resilience / Polly rather than hand-written loops.
/// </summary>
public sealed class ProviderResilience(IOptions<ChatOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ResiliencePipeline> _pipelines = new();

    public ResiliencePipeline For(ChatProvider provider) => _pipelines.GetOrAdd(provider.Index, _ => Build());

    private ResiliencePipeline Build()
    {
        var chat = options.Value;
        var maxRetryAfter = TimeSpan.FromSeconds(chat.Failover.MaxRetryAfterSeconds);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                // Busy, and says when to come back soon enough: wait for it. Otherwise the next provider answers.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && ProviderError.StatusCodeOf(ex) is 429 or 503 or 529
                    && ProviderError.RetryAfterOf(ex, time.GetUtcNow()) is { } delay && delay <= maxRetryAfter),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    ? ProviderError.RetryAfterOf(ex, time.GetUtcNow())
                    : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(60),
                BreakDuration = TimeSpan.FromSeconds(chat.Failover.BreakDurationSeconds),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ProviderError.IsFailoverable(ex)),
            })
            .AddTimeout(chat.Streaming.FirstTokenTimeout)
            .Build();
    }
}
