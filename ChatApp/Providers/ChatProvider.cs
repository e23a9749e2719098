using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Providers;

/// <summary>One configured provider entry, resolved to a Semantic Kernel chat service.</summary>
/// <param name="Index">Its position in <c>Chat:Providers</c> (the failover order).</param>
public sealed record ChatProvider(int Index, string Name, string Kind, string? Model, IChatCompletionService Service);
