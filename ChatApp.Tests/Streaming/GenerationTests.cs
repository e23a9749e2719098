using System.Net;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Streaming;

public sealed class GenerationTests : IDisposable
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(16);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedStream _stream = new();
    private readonly Generation _generation;
    private int _frames;

    public GenerationTests()
    {
        _generation = new Generation("Test model", _time, GenerationOptions.Default with { FrameInterval = FrameInterval, DisconnectGrace = Grace });
        _generation.Log.Subscribe(() => Interlocked.Increment(ref _frames));
        _ = _generation.RunAsync(_stream.ReadAsync);
    }

    private int Frames => Volatile.Read(ref _frames);

    [Fact]
    public void NewGeneration_IsPending_WithNoText()
    {
        var snapshot = _generation.View();

        Assert.Equal(GenerationStatus.Pending, snapshot.Status);
        Assert.Equal(0, snapshot.Length);
        Assert.Equal(0, Frames);
    }

    [Fact]
    public void FirstDelta_IsSignalledAtOnce_AndTheStatusBecomesStreaming()
    {
        _stream.Send("Hello");

        Eventually.True(() => Frames == 1, "the first token to be signalled without waiting for a frame");
        Assert.Equal(GenerationStatus.Streaming, _generation.Status);
        Assert.Equal("Hello", _generation.Text);
        Assert.NotNull(_generation.FirstTokenAt);
    }

    [Fact]
    public void DeltasInsideOneInterval_AreOneFrame_TakingAllTheirText()
    {
        _stream.Send("a");
        Eventually.True(() => Frames == 1, "the first frame");
        _stream.Send("b");
        _stream.Send("c");
        _stream.Send("d");
        Eventually.True(() => _generation.DeltaCount == 4, "all deltas to be read");
        Assert.Equal(1, Frames);

        _time.Advance(FrameInterval);

        Eventually.True(() => Frames == 2, "the trailing frame");
        Assert.Equal("abcd", _generation.Text);
    }

    [Fact]
    public async Task ProviderFinishes_OutcomeCompleted_SignalledAtOnce()
    {
        _stream.Send("Done.");
        Eventually.True(() => Frames == 1, "the first frame");

        _stream.Finish();
        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(StreamOutcome.Completed, outcome);
        Assert.Equal(GenerationStatus.Complete, _generation.View().Status);
        Assert.Equal(2, Frames); // the status change was not throttled
    }

    [Fact]
    public async Task Stop_CancelsTheProviderRequest_KeepsThePartialText()
    {
        _stream.Send("Partial ");
        _stream.Send("answer");
        Eventually.True(() => _generation.DeltaCount == 2, "both deltas");

        _generation.Stop();
        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(GenerationStatus.Stopped, outcome.Status);
        Assert.Equal(StopReason.User, outcome.StopReason);
        Assert.True(_stream.ObservedToken.IsCancellationRequested, "the provider's token was not cancelled");
        Assert.Equal("Partial answer", _generation.Text);
    }

    [Fact]
    public async Task ProviderFailsMidStream_Error_KeepsThePartialText_WithAPlainMessage()
    {
        _stream.Send("Half of it");
        _stream.Fail(new HttpRequestException("connection reset"));

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(GenerationStatus.Error, outcome.Status);
        Assert.Equal("Half of it", _generation.Text);
        Assert.Contains("connection to Test model was lost", outcome.ErrorMessage);
    }

    [Fact]
    public async Task ProviderRefusesBeforeFirstToken_ErrorNamesTheStatusCode()
    {
        _stream.Fail(new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable));

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(GenerationStatus.Error, outcome.Status);
        Assert.Contains("HTTP 503", outcome.ErrorMessage);
        Assert.Equal("", _generation.Text);
    }

    [Fact]
    public async Task LastViewerLeaves_RunsThroughTheGracePeriod_ThenStopsAsDisconnected()
    {
        var viewer = _generation.AttachReader();
        _stream.Send("Still going");
        Eventually.True(() => Frames == 1, "the first frame");

        viewer.Dispose();
        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.Equal(GenerationStatus.Streaming, _generation.Status);
        _time.Advance(TimeSpan.FromSeconds(1));

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(StopReason.Disconnected, outcome.StopReason);
        Assert.Equal("Still going", _generation.Text);
    }

    [Fact]
    public void ViewerReturnsWithinGrace_TheGenerationKeepsRunning()
    {
        _generation.AttachReader().Dispose();
        _time.Advance(TimeSpan.FromSeconds(5));

        using var back = _generation.AttachReader();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(GenerationStatus.Pending, _generation.Status);
        Assert.False(_stream.ObservedToken.IsCancellationRequested);
    }

    [Fact]
    public async Task StreamEndsWithoutAFinishReason_ConnectionDropped_PartialKept()
    {
        _stream.Send("Cut off mid");
        _stream.EndAbruptly();

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FailureKind.ConnectionDropped, outcome.Failure);
        Assert.Equal(GenerationStatus.Error, outcome.Status);
        Assert.Equal("Cut off mid", _generation.Text);
    }

    [Theory]
    [InlineData("length", FailureKind.LengthLimit, "length limit")]
    [InlineData("content_filter", FailureKind.ContentFiltered, "content filter")]
    [InlineData("tool_calls", FailureKind.ToolCallsNotRun, "no tools are offered")]
    public async Task FinishReason_LengthFilterOrUnrunToolCalls_IsAVisibleFailure(string reason, FailureKind kind, string words)
    {
        _stream.Send("Some text");
        _stream.Finish(reason);

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(kind, outcome.Failure);
        Assert.Contains(words, outcome.ErrorMessage);
        Assert.Equal("Some text", _generation.Text);
    }

    [Theory]
    [InlineData(true, GenerationStatus.Complete)]  // handed on (a gateway client runs them): the answer is done
    [InlineData(false, GenerationStatus.Error)]    // still running when the stream ended: nobody runs them
    public async Task FinishReasonToolCalls_CompleteOnlyWhenTheCallsWereHandedOn(bool handedOn, GenerationStatus status)
    {
        _stream.Send(new ToolCallDelta(0, 0, "call_1", "get_weather", """{"city":"Oslo"}"""));
        if (handedOn)
        {
            _stream.Send(new ToolCallResult(0, 0, Succeeded: true, "Sent to the client to run."));
        }
        _stream.Finish("tool_calls");

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(status, outcome.Status);
    }

    [Fact]
    public async Task RunningLongerThanMaxDuration_FailsWithThePartialKept()
    {
        _stream.Send("Slow answer");
        Eventually.True(() => _generation.Status == GenerationStatus.Streaming, "the first token");

        _time.Advance(GenerationOptions.Default.MaxDuration);

        var outcome = await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(FailureKind.MaxDuration, outcome.Failure);
        Assert.Equal("Slow answer", _generation.Text);
    }

    [Fact]
    public void NoTokenAfterTheWatchdogDelay_SnapshotSaysStillWaiting_UntilTheFirstToken()
    {
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(_generation.View().StillWaiting);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_generation.View().StillWaiting);
        Assert.Equal(1, Frames); // said at once

        _stream.Send("Finally");
        // The status flips before the first token's frame is in the log: wait for the frame, which readers see.
        Eventually.True(() => Frames == 2, "the first token's frame");
        Assert.False(_generation.View().StillWaiting);
    }

    [Fact]
    public void StatusUpdate_ChangesTheAnsweringProviderAndStatusLine_AtOnce()
    {
        _stream.Send(new StatusUpdate("Backup", "Primary is busy — answering with Backup"));
        Eventually.True(() => Frames == 1, "the status frame, without waiting for an interval");

        var snapshot = _generation.View();
        Assert.Equal("Backup", snapshot.ProviderName);
        Assert.Equal("Primary is busy — answering with Backup", snapshot.StatusLine);
        Assert.Equal(1, Frames);
    }

    [Fact]
    public async Task AFramesTextEvent_IsOneObject_SharedByEveryReaderAtTheHead()
    {
        _stream.Send("Hello");
        Eventually.True(() => Frames == 1, "the first frame");

        var oneReader = await _generation.Log.ReadAfterAsync(1);
        var another = await _generation.Log.ReadAfterAsync(1);

        var text = Assert.IsType<ChatApp.Streaming.Log.TextAppended>(Assert.Single(oneReader));
        Assert.Equal(("Hello", 2L), (text.Text, text.Sequence));
        Assert.Same(text, Assert.Single(another));
    }

    [Fact]
    public async Task TheLog_StartsWithTheStart_EndsWithTheOutcome_AndHoldsExactlyTheText()
    {
        _stream.Send("Hel");
        _stream.Send("lo");
        _stream.Finish();
        await _generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        var events = await _generation.Log.ReadAfterAsync(0);
        Assert.IsType<ChatApp.Streaming.Log.AnswerStarted>(events[0]);
        Assert.IsType<ChatApp.Streaming.Log.AnswerEnded>(events[^1]);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal("Hello", string.Concat(events.OfType<ChatApp.Streaming.Log.TextAppended>().Select(t => t.Text)));
    }

    public void Dispose() => _generation.Dispose();
}
