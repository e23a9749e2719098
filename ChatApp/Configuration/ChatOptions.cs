namespace ChatApp.Configuration;

/// <summary>The <c>Chat</c> configuration section (see ui-contract.md §2 and the README).</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Ordered provider entries: the first is the default, the order is the failover order.
    /// Empty means "the built-in simulated model".</summary>
    public List<ProviderOptions> Providers { get; set; } = [];

    public StreamingOptions Streaming { get; set; } = new();

    public SimulatedModelOptions Simulated { get; set; } = new();

    public FailoverOptions Failover { get; set; } = new();

    public UiOptions Ui { get; set; } = new();

    public RoutingOptions Routing { get; set; } = new();

    public ToolsOptions Tools { get; set; } = new();

    public UploadsOptions Uploads { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public LoggingOptions Logging { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public ScaleOutOptions ScaleOut { get; set; } = new();
}
