using System.Runtime.CompilerServices;
using ChatApp.Providers;
using ChatApp.Streaming;

namespace ChatApp.Answers;

/// <summary>
/// The pipeline's last stage: a provider or tool-loop exception becomes a <see cref="FailureUpdate"/> worded for
/// the user (which provider, whether text had arrived), so the producer never has to know provider error types.
/// A cancellation stays a cancellation: that is a stop, not a failure.
/// </summary>
public static class FailureAsUpdate
{
    public static async IAsyncEnumerable<AnswerUpdate> Wrap(IAsyncEnumerable<AnswerUpdate> pipeline, string providerName,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answering = providerName;
        var hadText = false;
        await using var updates = pipeline.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            FailureUpdate? failure = null;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = new FailureUpdate(StreamFailureDescriber.Describe(ex, answering, hadText), ex);
            }
            if (failure is not null)
            {
                yield return failure;
                yield break;
            }
            switch (updates.Current)
            {
                case StatusUpdate status:
                    answering = status.ProviderName;
                    break;
                case TextDelta:
                    hadText = true;
                    break;
            }
            yield return updates.Current;
        }
    }
}
