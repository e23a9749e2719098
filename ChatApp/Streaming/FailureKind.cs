namespace ChatApp.Streaming;

/// <summary>Why a stream failed. Each keeps the partial text; the UI words each one plainly.</summary>
public enum FailureKind
{
    /// <summary>The provider answered with an error status before any text (429, 500, 503, 529, …).</summary>
    Refused,
    /// <summary>The provider could not be reached at all.</summary>
    Unreachable,
    /// <summary>The connection closed mid-stream, or the stream ended without a finish reason.</summary>
    ConnectionDropped,
    ContentFiltered,
    /// <summary>The provider stopped at its length limit (<c>finish_reason: length</c>).</summary>
    LengthLimit,
    /// <summary>No token arrived within <c>Chat:Streaming:FirstTokenTimeoutSeconds</c> on any provider.</summary>
    FirstTokenTimeout,
    /// <summary>The stream ran longer than <c>Chat:Streaming:MaxDurationSeconds</c>.</summary>
    MaxDuration,
    /// <summary>The model asked for more rounds of tool calls than <c>Chat:Tools:MaxSteps</c> allows.</summary>
    ToolStepLimit,
    /// <summary>The stream ended asking for tool calls that nobody runs (no tools were offered, e.g. through an HTTP endpoint).</summary>
    ToolCallsNotRun,
    /// <summary>The server running the answer went away (a restart, a crash) before it finished.</summary>
    Interrupted,
    Unknown,
}
