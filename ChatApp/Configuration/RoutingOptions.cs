namespace ChatApp.Configuration;

/// <summary>
/// <c>Chat:Routing</c>: optional multi-model routing. A fast classifier model labels each request and the
/// label picks the provider entry that answers it.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>The <c>Chat:Providers</c> index of the classifier; unset: no routing.</summary>
    public int? Classifier { get; set; }

    /// <summary>Label → <c>Chat:Providers</c> index, e.g. <c>code → 1</c>, <c>general → 0</c>.</summary>
    public Dictionary<string, int> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The label used when the classifier fails or answers something else.</summary>
    public string DefaultRoute { get; set; } = "general";
}
