namespace ChatApp.Configuration;

/// <summary><c>Chat:Ui</c>: how the page behaves while an answer streams.</summary>
public sealed class UiOptions
{
    /// <summary>Within this many pixels of the bottom, the list follows new text.</summary>
    public int FollowThresholdPx { get; set; } = 50;
}
