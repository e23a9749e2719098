using System.Globalization;
using ChatApp.Streaming.Log;
using ChatApp.Telemetry;

namespace ChatApp.Components.Chat;

/// <summary>The figures an answer's details show, as label and text (plain C#; a dash where a figure is unknown).</summary>
public static class AnswerDetails
{
    /// <param name="framesApplied">Frames this page applied to the answer (used until the browser's own report arrives).</param>
    /// <param name="browser">What the browser measured while the answer streamed here, if it did.</param>
    public static IReadOnlyList<(string Label, string Value)> Of(AnswerView answer, int framesApplied, BrowserFrameTelemetry? browser)
    {
        var ttft = answer is { FirstTokenAt: { } first, StartedAt: { } started } ? first - started : (TimeSpan?)null;
        var duration = answer is { EndedAt: { } ended, StartedAt: { } began } ? ended - began : (TimeSpan?)null;
        var streaming = answer is { EndedAt: { } end, FirstTokenAt: { } start } ? end - start : (TimeSpan?)null;
        return
        [
            ("Provider", answer.ProviderName.Length > 0 ? answer.ProviderName : "–"),
            ("Time to first token", ttft is { } t ? $"{t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" : "–"),
            ("Duration", duration is { } d ? $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "–"),
            ("Output tokens", answer.OutputTokens > 0 ? answer.OutputTokens.ToString(CultureInfo.InvariantCulture) : "–"),
            ("Tokens per second", streaming is { TotalSeconds: > 0 } s && answer.OutputTokens > 0
                ? (answer.OutputTokens / s.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) : "–"),
            ("Frames", (browser?.Frames ?? framesApplied).ToString(CultureInfo.InvariantCulture)),
            ("Late frames", browser is { } report ? report.LateFrames.ToString(CultureInfo.InvariantCulture) : "not measured here"),
        ];
    }
}
