namespace ChatApp.Storage;

/// <summary>An answer's row kept in step with its log (<see cref="AttemptCheckpointer.Track"/>): when the row first exists, and when the tracking ended.</summary>
public sealed record AttemptTracking(Task FirstRowStored, Task Ended);
