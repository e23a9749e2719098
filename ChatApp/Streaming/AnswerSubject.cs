namespace ChatApp.Streaming;

/// <summary>What an answer was asked of, for traces and metrics: the provider entry's kind and model (failover may answer with another).</summary>
/// <param name="ProviderKind">The <c>Chat:Providers:N:Kind</c> of the entry asked (<c>openai</c>, <c>simulated</c>, …).</param>
/// <param name="Model">The model id asked for, when the entry names one.</param>
public sealed record AnswerSubject(string ProviderKind, string? Model)
{
    public static AnswerSubject Unknown { get; } = new("unknown", null);

    /// <summary>The OpenTelemetry GenAI conventions' <c>gen_ai.provider.name</c> for this kind.</summary>
    public string ConventionProviderName => ProviderKind switch
    {
        "azure-openai" => "azure.ai.openai",
        var kind => kind,
    };
}
