using ChatApp.Providers.Simulated;

namespace ChatApp.Benchmarks;

/// <summary>A realistic answer of a given length, streamed in frames of ~40 characters.</summary>
public static class StreamedAnswer
{
    public const int CharsPerFrame = 40;

    /// <summary>
    /// Every answer ends with the same final section, so "the last frames" stream the same content at
    /// every length and the per-frame cost can be compared across lengths; what comes before is varied
    /// real-world markdown (sections, lists, tables, code), cut at a block boundary.
    /// </summary>
    public static string OfLength(int length)
    {
        const string ending = """

            ## Summary

            The answer so far covered the main trade-offs. To finish, here is what to do **next**, in order:

            - Measure the *time to first token* and the frame rate your users actually see.
            - Keep finished blocks stable, so selection and scrolling keep working while text arrives.
            - Re-render only the open block, and coalesce tokens into frames of about sixteen milliseconds.

            If any of these is unclear, ask and I will go through it step by step with an example.

            """;
        var source = SimulatedAnswers.Long() + "\n" + SimulatedAnswers.Code() + "\n" + SimulatedAnswers.Table() + "\n";
        var prefix = new System.Text.StringBuilder(length + source.Length);
        while (prefix.Length < length)
        {
            prefix.Append(source);
        }
        var cut = Math.Max(0, length - ending.Length);
        var boundary = prefix.ToString(0, cut).LastIndexOf("\n\n", StringComparison.Ordinal);
        var text = prefix.ToString(0, boundary < 0 ? cut : boundary) + ending;
        return text.Length >= length ? text[..length] : text + new string(' ', length - text.Length);
    }

    public static IEnumerable<string> Frames(string text)
    {
        for (var at = 0; at < text.Length; at += CharsPerFrame)
        {
            yield return text.Substring(at, Math.Min(CharsPerFrame, text.Length - at));
        }
    }
}
