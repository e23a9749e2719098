using ChatApp.Streaming;
using ChatApp.Streaming.Log;

namespace ChatApp.Tests.TestSupport;

/// <summary>Reading an answer's log in tests the way a reader does.</summary>
public static class AnswerLogs
{
    /// <summary>The answer as a reader that read its whole log now would show it.</summary>
    public static AnswerView View(this Generation generation) => View(generation.Log);

    public static AnswerView View(this IAnswerLog log)
    {
        var view = new AnswerView();
        var read = log.ReadAfterAsync(0);
        view.Apply(read.IsCompleted ? read.Result : read.AsTask().GetAwaiter().GetResult());
        return view;
    }

    /// <summary>
    /// Every frame the producer appends, as the reader's view right after it (one entry per append, recorded
    /// synchronously as it happens): what a page would have rendered, frame by frame.
    /// </summary>
    public static FrameRecorder RecordFrames(this Generation generation) => new(generation.Log);

    public sealed class FrameRecorder
    {
        private readonly IAnswerLog _log;
        private readonly AnswerView _view = new();
        private readonly List<Frame> _frames = [];

        public FrameRecorder(IAnswerLog log)
        {
            _log = log;
            _view.Apply(log.ReadAfterAsync(0).Result); // the start is not a frame
            log.Subscribe(OnAppended);
        }

        public IReadOnlyList<Frame> Frames
        {
            get { lock (_frames) { return _frames.ToList(); } }
        }

        public int Count
        {
            get { lock (_frames) { return _frames.Count; } }
        }

        private void OnAppended()
        {
            lock (_frames)
            {
                _view.Apply(_log.ReadAfterAsync(_view.Sequence).Result);
                _frames.Add(new Frame(_view.Status, _view.ProviderName, _view.StatusLine, _view.StillWaiting, _view.ToolCalls, _view.Length, _view.Outcome));
            }
        }
    }

    /// <summary>What one frame showed.</summary>
    public sealed record Frame(GenerationStatus Status, string ProviderName, string? StatusLine, bool StillWaiting,
        IReadOnlyList<ChatApp.Streaming.Tools.ToolCallView> ToolCalls, int Length, StreamOutcome? Outcome);
}
