using System.Text;
using BenchmarkDotNet.Attributes;
using ChatApp.Markdown;

namespace ChatApp.Benchmarks;

/// <summary>
/// Naive full re-render per frame (the walking skeleton) against the incremental engine, for answers of
/// 1k–100k characters streamed at ~40 characters per frame.
/// </summary>
[MemoryDiagnoser]
public class MarkdownFrameBenchmarks
{
    private const int FramesAtTheEnd = 20; // 800 characters: within even the 1k answer
    private string _text = "";
    private IncrementalMarkdownRenderer _engine = null!;
    private StringBuilder _naiveBuffer = null!;

    [Params(1_000, 10_000, 50_000, 100_000)]
    public int AnswerLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = StreamedAnswer.OfLength(AnswerLength);
        CodeHighlighter.Warm();
    }

    /// <summary>The whole answer, frame by frame, re-rendering all of it each frame.</summary>
    [Benchmark(Baseline = true)]
    public int WholeAnswer_Naive()
    {
        var buffer = new StringBuilder();
        var bytes = 0;
        foreach (var frame in StreamedAnswer.Frames(_text))
        {
            buffer.Append(frame);
            bytes += ChatMarkdown.ToHtml(buffer.ToString()).Length;
        }
        return bytes;
    }

    /// <summary>The whole answer, frame by frame, through the incremental engine.</summary>
    [Benchmark]
    public int WholeAnswer_Engine()
    {
        var engine = new IncrementalMarkdownRenderer();
        var blocks = 0;
        foreach (var frame in StreamedAnswer.Frames(_text))
        {
            engine.Append(frame);
            blocks += engine.Render().Count;
        }
        return blocks + engine.Complete().Count;
    }

    [IterationSetup(Targets = [nameof(LastFrames_Naive), nameof(LastFrames_Engine)])]
    public void PrepareLastFrames()
    {
        var start = Math.Max(0, _text.Length - FramesAtTheEnd * StreamedAnswer.CharsPerFrame);
        _engine = new IncrementalMarkdownRenderer();
        _naiveBuffer = new StringBuilder(_text.Length);
        foreach (var frame in StreamedAnswer.Frames(_text[..start]))
        {
            _engine.Append(frame);
            _engine.Render();
        }
        _naiveBuffer.Append(_text, 0, start);
    }

    /// <summary>One frame at the end of the answer (averaged over the last frames), naive.</summary>
    [Benchmark(OperationsPerInvoke = FramesAtTheEnd)]
    [InvocationCount(1)]
    public int LastFrames_Naive()
    {
        var bytes = 0;
        for (var at = _naiveBuffer.Length; at < _text.Length; at += StreamedAnswer.CharsPerFrame)
        {
            _naiveBuffer.Append(_text, at, Math.Min(StreamedAnswer.CharsPerFrame, _text.Length - at));
            bytes += ChatMarkdown.ToHtml(_naiveBuffer.ToString()).Length;
        }
        return bytes;
    }

    /// <summary>One frame at the end of the answer (averaged over the last frames), engine.</summary>
    [Benchmark(OperationsPerInvoke = FramesAtTheEnd)]
    [InvocationCount(1)]
    public int LastFrames_Engine()
    {
        var blocks = 0;
        for (var at = _engine.Length; at < _text.Length; at += StreamedAnswer.CharsPerFrame)
        {
            _engine.Append(_text.Substring(at, Math.Min(StreamedAnswer.CharsPerFrame, _text.Length - at)));
            blocks += _engine.Render().Count;
        }
        return blocks;
    }
}
