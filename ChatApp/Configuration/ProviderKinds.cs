namespace ChatApp.Configuration;

/// <summary>The values <c>Chat:Providers:N:Kind</c> may take.</summary>
public static class ProviderKinds
{
    public const string Simulated = "simulated";
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";
    public const string Anthropic = "anthropic";

    /// <summary>Kinds the contract names.</summary>
    public static readonly IReadOnlyList<string> Known = [Simulated, OpenAI, AzureOpenAI, Anthropic];

    /// <summary>Kinds this build can talk to.</summary>
    public static readonly IReadOnlyList<string> Supported = [Simulated, OpenAI, AzureOpenAI, Anthropic];
}
