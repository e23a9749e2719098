using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.TestSupport;

/// <summary>A provider stream the test writes to by hand: send deltas, then complete or fail it.</summary>
public sealed class ScriptedStream
{
    private readonly Channel<Func<StreamingChatMessageContent>> _channel = Channel.CreateUnbounded<Func<StreamingChatMessageContent>>();

    /// <summary>The token the consumer passed in; cancelled when it stops.</summary>
    public CancellationToken ObservedToken { get; private set; }

    public void Send(string text) => _channel.Writer.TryWrite(() => new StreamingChatMessageContent(AuthorRole.Assistant, text));

    /// <summary>Ends the stream the way a provider that finished does: a last chunk with its finish reason.</summary>
    public void Finish(string finishReason = "stop")
    {
        _channel.Writer.TryWrite(() => new StreamingChatMessageContent(AuthorRole.Assistant, null,
            metadata: new Dictionary<string, object?> { ["FinishReason"] = finishReason }));
        _channel.Writer.TryComplete();
    }

    /// <summary>Ends the stream without a finish reason: what a cut connection looks like.</summary>
    public void EndAbruptly() => _channel.Writer.TryComplete();

    public void Fail(Exception exception) => _channel.Writer.TryWrite(() => throw exception);

    public async IAsyncEnumerable<StreamingChatMessageContent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObservedToken = cancellationToken;
        await foreach (var next in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return next();
        }
    }
}
