using System.Runtime.CompilerServices;
using ChatApp.Streaming.Log;

namespace ChatApp.Markdown;

/// <summary>
/// The shared rendering of each answer being read in this process, found by its log: it lives as long as the log
/// does (a running answer's, or one a page holds), and nothing has to remove it.
/// </summary>
public sealed class AnswerRenderings
{
    private readonly ConditionalWeakTable<IAnswerLog, SharedAnswerRendering> _renderings = new();

    public SharedAnswerRendering For(IAnswerLog log) => _renderings.GetValue(log, _ => new SharedAnswerRendering());
}
