using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ChatApp.Streaming;

/// <summary>
/// One Activity per answer (OpenTelemetry GenAI conventions: span <c>chat {model}</c>, kind client), started in the
/// producer's flow so Semantic Kernel's and HttpClient's own activities nest under it, with an event for the
/// first token, each failover step, each tool call's start and end (or error), and the outcome.
/// </summary>
public static class AnswerTracing
{
    public const string SourceName = "ChatApp.Answers";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(Generation generation, AnswerSubject subject)
    {
        var activity = Source.StartActivity($"chat {subject.Model ?? generation.ProviderName}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat")
            .SetTag("gen_ai.provider.name", subject.ConventionProviderName)
            .SetTag("gen_ai.request.model", subject.Model)
            .SetTag("chatapp.answer.id", generation.Id.ToString());
        return activity;
    }

    /// <summary>Passes the pipeline's updates through, adding the events they stand for to <paramref name="activity"/>.
    /// Without an activity (nobody listens to the source) it is the pipeline itself: no layer per token.</summary>
    public static IAsyncEnumerable<AnswerUpdate> Trace(IAsyncEnumerable<AnswerUpdate> pipeline, Activity? activity, CancellationToken cancellationToken) =>
        activity is null ? pipeline : TraceAsync(pipeline, activity, cancellationToken);

    private static async IAsyncEnumerable<AnswerUpdate> TraceAsync(IAsyncEnumerable<AnswerUpdate> pipeline, Activity activity,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var firstToken = true;
        var started = new HashSet<(int Round, int Index)>();
        await foreach (var update in pipeline.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (firstToken && update is TextDelta or ToolCallDelta)
            {
                firstToken = false;
                activity.AddEvent(new ActivityEvent("gen_ai.first_token"));
            }
            switch (update)
            {
                case StatusUpdate { Kind: StatusKind.Failover or StatusKind.NonStreamingFallback } step:
                    activity.AddEvent(new ActivityEvent(step.Kind == StatusKind.Failover ? "chatapp.failover" : "chatapp.non_streaming_fallback",
                        tags: new ActivityTagsCollection { ["chatapp.provider"] = step.ProviderName, ["chatapp.status_line"] = step.StatusLine }));
                    break;
                case ToolCallDelta call when call.Name is { Length: > 0 } && started.Add((call.Round, call.Index)):
                    activity.AddEvent(new ActivityEvent("chatapp.tool_call.start", tags: ToolTags(call.Round, call.Index, call.Name)));
                    break;
                case ToolCallResult result:
                    var tags = ToolTags(result.Round, result.Index, null);
                    if (!result.Succeeded)
                    {
                        tags["error.type"] = "tool_error";
                    }
                    activity.AddEvent(new ActivityEvent(result.Succeeded ? "chatapp.tool_call.end" : "chatapp.tool_call.error", tags: tags));
                    break;
            }
            yield return update;
        }
    }

    /// <summary>The outcome: an event, the usage, and an error status for a failure.</summary>
    public static void End(Activity? activity, Generation generation, StreamOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }
        var kind = outcome.Failure?.ToString() ?? outcome.StopReason?.ToString() ?? "Completed";
        activity.AddEvent(new ActivityEvent("chatapp.outcome", tags: new ActivityTagsCollection
        {
            ["chatapp.status"] = outcome.Status.ToContractValue(),
            ["chatapp.outcome.kind"] = kind,
        }));
        activity.SetTag("gen_ai.response.model", generation.ProviderName)
            .SetTag("gen_ai.usage.output_tokens", generation.OutputTokens);
        if (generation.Usage is { } usage)
        {
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
        }
        if (outcome.Status == GenerationStatus.Error)
        {
            activity.SetTag("error.type", kind);
            activity.SetStatus(ActivityStatusCode.Error, outcome.ErrorMessage);
        }
    }

    private static ActivityTagsCollection ToolTags(int round, int index, string? name)
    {
        var tags = new ActivityTagsCollection { ["chatapp.tool_call.round"] = round, ["chatapp.tool_call.index"] = index };
        if (name is not null)
        {
            tags["gen_ai.tool.name"] = name;
        }
        return tags;
    }
}
