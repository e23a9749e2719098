namespace ChatApp.Storage;

/// <summary>
/// Scaled out, which instance may write an answer's row: the one holding its lease (ScaleOut implements it). With
/// one instance there is none, and this instance writes every answer it runs.
/// </summary>
public interface IAnswerOwnership
{
    /// <summary>False once another instance took the answer over from this one: its rows are that instance's now.</summary>
    bool MayWrite(Guid answerId);

    /// <summary>The answers other instances produce now (startup must not mark them interrupted); null when it cannot tell now.</summary>
    Task<IReadOnlySet<Guid>?> RunningAsync();
}
