using System.Text;
using ChatApp.Markdown;

namespace ChatApp.Benchmarks;

/// <summary>
/// How many HTML bytes each approach changes per answer (what Blazor would send): naive re-sends the whole
/// message every frame; the engine sends the open block each frame and each finished block once.
/// Counted, not timed, so it is exact and printed without BenchmarkDotNet.
/// </summary>
public static class HtmlBytesReport
{
    public static void Print(IEnumerable<int> lengths)
    {
        Console.WriteLine("| answer chars | frames | final HTML bytes | naive bytes sent | engine bytes sent | ratio | engine / final HTML | max tail re-parsed |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var length in lengths)
        {
            var text = StreamedAnswer.OfLength(length);
            long naive = 0, engineBytes = 0;
            var frames = 0;
            var maxTail = 0;
            var buffer = new StringBuilder();
            var engine = new IncrementalMarkdownRenderer();
            var sent = new Dictionary<int, int>(); // block id → version already sent
            foreach (var frame in StreamedAnswer.Frames(text))
            {
                frames++;
                buffer.Append(frame);
                naive += Encoding.UTF8.GetByteCount(ChatMarkdown.ToHtml(buffer.ToString()));
                engine.Append(frame);
                engineBytes += ChangedBytes(engine.Render(), sent);
                maxTail = Math.Max(maxTail, engine.LastTailLength);
            }
            engineBytes += ChangedBytes(engine.Complete(), sent);
            var finalBytes = Encoding.UTF8.GetByteCount(ChatMarkdown.ToHtml(text));
            Console.WriteLine($"| {length:N0} | {frames:N0} | {finalBytes:N0} | {naive:N0} | {engineBytes:N0} | {(double)naive / engineBytes:F0}× | {(double)engineBytes / finalBytes:F1}× | {maxTail:N0} |");
        }
    }

    private static long ChangedBytes(IReadOnlyList<MarkdownBlock> blocks, Dictionary<int, int> sent)
    {
        long bytes = 0;
        foreach (var block in blocks)
        {
            if (!sent.TryGetValue(block.Id, out var version) || version != block.Version)
            {
                bytes += Encoding.UTF8.GetByteCount(block.Html);
                sent[block.Id] = block.Version;
            }
        }
        return bytes;
    }
}
