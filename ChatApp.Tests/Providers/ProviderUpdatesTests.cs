using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Providers;

public sealed class ProviderUpdatesTests
{
    [Fact]
    public void ATextChunk_IsOneTextDelta()
    {
        var updates = ProviderUpdates.From(new StreamingChatMessageContent(AuthorRole.Assistant, "Hello"));

        Assert.Equal([new TextDelta("Hello")], updates);
    }

    [Fact]
    public void TextOnly_IsAPlainTextChunksText()
    {
        Assert.Equal("Hello", ProviderUpdates.TextOnly(new StreamingChatMessageContent(AuthorRole.Assistant, "Hello")));
    }

    [Fact]
    public void TextOnly_IsNull_ForAChunkThatCarriesMoreThanText_OrNoText()
    {
        var finishing = new StreamingChatMessageContent(AuthorRole.Assistant, "Done.",
            metadata: new Dictionary<string, object?> { [FinishReasons.MetadataKey] = "stop" });
        var withCall = new StreamingChatMessageContent(AuthorRole.Assistant, "Let me check.");
        withCall.Items.Add(new StreamingFunctionCallUpdateContent(callId: "call_1", name: "time", arguments: "{}", functionCallIndex: 0));

        Assert.Null(ProviderUpdates.TextOnly(finishing));
        Assert.Null(ProviderUpdates.TextOnly(withCall));
        Assert.Null(ProviderUpdates.TextOnly(new StreamingChatMessageContent(AuthorRole.Assistant, "")));
        Assert.Null(ProviderUpdates.TextOnly(new StreamingChatMessageContent(AuthorRole.Assistant, null)));
    }

    [Fact]
    public void AnEmptyChunk_IsNothing()
    {
        Assert.Empty(ProviderUpdates.From(new StreamingChatMessageContent(AuthorRole.Assistant, null)));
        Assert.Empty(ProviderUpdates.From(new StreamingChatMessageContent(AuthorRole.Assistant, "")));
    }

    [Fact]
    public void ToolCallFragments_ComeFirst_ThenTheText_ThenTheFinishReason()
    {
        var chunk = new StreamingChatMessageContent(AuthorRole.Assistant, "Let me check.",
            metadata: new Dictionary<string, object?> { [FinishReasons.MetadataKey] = "tool_calls" });
        chunk.Items.Add(new StreamingFunctionCallUpdateContent(callId: "call_1", name: "time", arguments: "{\"zone\":", functionCallIndex: 0));
        chunk.Items.Add(new StreamingFunctionCallUpdateContent(arguments: "\"UTC\"}", functionCallIndex: 1));

        var updates = ProviderUpdates.From(chunk);

        Assert.Equal(4, updates.Count);
        Assert.Equal(new ToolCallDelta(0, 0, "call_1", "time", "{\"zone\":"), updates[0]);
        Assert.Equal(new ToolCallDelta(0, 1, null, null, "\"UTC\"}"), updates[1]);
        Assert.Equal(new TextDelta("Let me check."), updates[2]);
        Assert.Equal(FinishReasons.Normalize("tool_calls"), Assert.IsType<FinishUpdate>(updates[3]).Reason);
    }

    [Fact]
    public void TheChunksText_IsItsFirstTextItem_AsSemanticKernelReadsIt()
    {
        var chunk = new StreamingChatMessageContent(AuthorRole.Assistant, "first");
        chunk.Items.Add(new StreamingTextContent("second"));

        Assert.Equal([new TextDelta(chunk.Content!)], ProviderUpdates.From(chunk));
    }
}
