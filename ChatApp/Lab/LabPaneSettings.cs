namespace ChatApp.Lab;

/// <summary>How often a lab pane's answer is rendered.</summary>
public enum FramePacing
{
    /// <summary>One render per token: what naive streaming UIs do.</summary>
    PerToken,
    /// <summary>~16 ms frames: this app's default, one per display refresh.</summary>
    Every16Ms,
    /// <summary>100 ms frames: visibly steppy.</summary>
    Every100Ms,
    /// <summary>No streaming: a spinner until the answer is complete, then all of it.</summary>
    AllAtOnce,
}

/// <summary>How a lab pane turns markdown into HTML each frame.</summary>
public enum LabMarkdown
{
    /// <summary>This app's engine: finished blocks rendered once, only the open tail re-parsed and repaired.</summary>
    Incremental,
    /// <summary>The whole text re-rendered every frame, unrepaired: raw markers flash, cost grows with the answer.</summary>
    Naive,
}

/// <summary>When a lab pane's code blocks are highlighted.</summary>
public enum LabHighlight
{
    /// <summary>Plain monospace until the closing fence arrives, then highlighted once.</summary>
    AtClosingFence,
    /// <summary>Highlighted on every frame while the block is still open: colours flicker as tokens re-lex.</summary>
    EveryFrame,
}

/// <summary>The knobs of one lab pane: the simulated model's pace and how the answer is shown.</summary>
public sealed record LabPaneSettings(
    int FirstTokenMs,
    double TokensPerSecond,
    int JitterPercent,
    FramePacing Frames,
    LabMarkdown Markdown,
    LabHighlight Highlight,
    bool Cursor,
    bool Thinking,
    bool AutoScroll)
{
    public const int MaxFirstTokenMs = 10_000;
    public const double MinTokensPerSecond = 1;
    public const double MaxTokensPerSecond = 1_000;

    /// <summary>The server's frame interval for this pane (per token: so short that every token is its own frame).</summary>
    public TimeSpan FrameInterval => Frames switch
    {
        FramePacing.PerToken => TimeSpan.FromTicks(1),
        FramePacing.Every100Ms => TimeSpan.FromMilliseconds(100),
        _ => TimeSpan.FromMilliseconds(16),
    };

    /// <summary>Whether text is shown while it streams (false: only once the answer is complete).</summary>
    public bool ShowsTextWhileStreaming => Frames != FramePacing.AllAtOnce;
}
