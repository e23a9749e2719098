using ChatApp.Storage;
using ChatApp.Streaming;

namespace ChatApp.Conversations;

/// <summary>Scaled out: answers another instance produces, followed on this one (ScaleOut implements it).</summary>
public interface IAnswersElsewhere
{
    /// <summary>The answer as this instance follows it; <paramref name="stored"/> is shown as interrupted if its producer is gone.</summary>
    Generation Follow(Guid answerId, AttemptEntity? stored = null);
}
