using System.Diagnostics;
using ChatApp.Providers;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ChatApp.Tests.Streaming;

/// <summary>One activity per answer, captured with OpenTelemetry's in-memory exporter.</summary>
public sealed class AnswerTracingTests : IDisposable
{
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _tracing;

    public AnswerTracingTests() =>
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(AnswerTracing.SourceName).AddInMemoryExporter(_exported).Build();

    [Fact]
    public async Task AFailoverAndAToolCall_AreEventsOfTheAnswersActivity_InOrder()
    {
        var pipeline = new PipelineFixture();
        pipeline.Primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(529));

        var (generation, outcome) = await pipeline.AnswerAsync("/calc 6 * 7");
        _tracing.ForceFlush();

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        var activity = Assert.Single(_exported, a => (string?)a.GetTagItem("chatapp.answer.id") == generation.Id.ToString());
        Assert.Equal("chat gpt-test", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(("chat", "openai", "gpt-test", "Backup"), ((string?)activity.GetTagItem("gen_ai.operation.name"), (string?)activity.GetTagItem("gen_ai.provider.name"),
            (string?)activity.GetTagItem("gen_ai.request.model"), (string?)activity.GetTagItem("gen_ai.response.model")));
        Assert.Equal(["chatapp.failover", "gen_ai.first_token", "chatapp.tool_call.start", "chatapp.tool_call.end", "chatapp.outcome"],
            activity.Events.Select(e => e.Name));
        var start = activity.Events.Single(e => e.Name == "chatapp.tool_call.start");
        Assert.Equal("calculate", start.Tags.Single(t => t.Key == "gen_ai.tool.name").Value);
        Assert.Equal("complete", activity.Events.Last().Tags.Single(t => t.Key == "chatapp.status").Value);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task AFailedAnswer_HasAnErrorStatusAndType()
    {
        var pipeline = new PipelineFixture();
        pipeline.Primary.StreamCallback = (_, token) => FakeChatService.Answer("cut", token).Take(1);

        var (generation, outcome) = await pipeline.AnswerAsync("hello", offerTools: false);
        _tracing.ForceFlush();

        var activity = Assert.Single(_exported, a => (string?)a.GetTagItem("chatapp.answer.id") == generation.Id.ToString());
        Assert.Equal(FailureKind.ConnectionDropped, outcome.Failure);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("ConnectionDropped", activity.GetTagItem("error.type"));
    }

    [Fact]
    public void WithoutAnActivity_TheTracedPipelineIsThePipelineItself_NoLayerPerToken()
    {
        var pipeline = AsyncEnumerable.Empty<AnswerUpdate>();

        Assert.Same(pipeline, AnswerTracing.Trace(pipeline, activity: null, CancellationToken.None));
    }

    public void Dispose() => _tracing.Dispose();
}
