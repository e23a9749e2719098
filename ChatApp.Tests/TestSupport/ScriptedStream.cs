using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatApp.Answers;
using ChatApp.Streaming;

namespace ChatApp.Tests.TestSupport;

/// <summary>
/// A provider pipeline the test writes to by hand: send text and other updates, then finish, cut or fail it.
/// A failure is worded the way the real pipeline words it (<see cref="FailureAsUpdate"/>).
/// </summary>
public sealed class ScriptedStream(string providerName = "Test model")
{
    private readonly Channel<Func<AnswerUpdate>> _channel = Channel.CreateUnbounded<Func<AnswerUpdate>>();

    /// <summary>The token the consumer passed in; cancelled when it stops.</summary>
    public CancellationToken ObservedToken { get; private set; }

    public void Send(string text) => Send(new TextDelta(text));

    public void Send(AnswerUpdate update) => _channel.Writer.TryWrite(() => update);

    /// <summary>Ends the stream the way a provider that finished does: its finish reason.</summary>
    public void Finish(string finishReason = "stop")
    {
        Send(new FinishUpdate(finishReason));
        _channel.Writer.TryComplete();
    }

    /// <summary>Ends the stream without a finish reason: what a cut connection looks like.</summary>
    public void EndAbruptly() => _channel.Writer.TryComplete();

    public void Fail(Exception exception) => _channel.Writer.TryWrite(() => throw exception);

    public IAsyncEnumerable<AnswerUpdate> ReadAsync(CancellationToken cancellationToken) =>
        FailureAsUpdate.Wrap(ReadScriptAsync(cancellationToken), providerName, cancellationToken);

    private async IAsyncEnumerable<AnswerUpdate> ReadScriptAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObservedToken = cancellationToken;
        await foreach (var next in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return next();
        }
    }
}
