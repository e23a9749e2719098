namespace ChatApp.Configuration;

/// <summary>One entry of <c>Chat:Providers</c>.</summary>
public sealed class ProviderOptions
{
    public string? Name { get; set; }

    /// <summary>One of <see cref="ProviderKinds"/>.</summary>
    public string? Kind { get; set; }

    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Secret: never logged, never sent to the browser.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The name shown to users: the configured one, else the model, else the kind.</summary>
    public string DisplayName => !string.IsNullOrWhiteSpace(Name) ? Name!
        : !string.IsNullOrWhiteSpace(Model) ? Model!
        : Kind ?? "model";

    // Keep the key out of any accidental ToString() in logs.
    public override string ToString() => $"{DisplayName} ({Kind}, {Endpoint}, {Model})";
}
