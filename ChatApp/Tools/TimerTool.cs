using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace ChatApp.Tools;

/// <summary>Waits a short while, then reports the time is up ("remind me in 10 seconds"). It is also the one
/// tool whose duration is known up front, which makes parallel calls that finish out of order easy to show.</summary>
public sealed class TimerTool(TimeProvider time)
{
    public const double MaxSeconds = 30;

    [KernelFunction("start_timer")]
    [Description("Starts a timer and returns when it goes off (at most 30 seconds).")]
    public async Task<string> StartTimerAsync(
        [Description("How long to wait, in seconds (0.1 to 30).")] double seconds,
        [Description("What the timer is for, e.g. tea.")] string label = "timer",
        CancellationToken cancellationToken = default)
    {
        if (!(seconds is >= 0.1 and <= MaxSeconds))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A timer runs for 0.1 to {MaxSeconds} seconds (asked for {seconds})."));
        }
        await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"The {label} timer went off after {seconds:0.#} s.");
    }
}
