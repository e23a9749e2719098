using ChatApp.Streaming.Log;

namespace ChatApp.Components.Lab;

/// <summary>One press of Start, for one pane: the answer's log and the knobs it was started with.</summary>
public sealed record LabRun(int Number, IAnswerLog Log, ChatApp.Lab.LabPaneSettings Settings);
