namespace ChatApp.Configuration;

/// <summary><c>Chat:ScaleOut</c>: sharing live answers between instances (ui-contract.md §6).</summary>
public sealed class ScaleOutOptions
{
    /// <summary>A StackExchange.Redis configuration string. Not supported by this build yet: setting it stops startup rather than being ignored.</summary>
    public string? Redis { get; set; }
}
