using ChatApp.Circuits;
using ChatApp.Components;
using ChatApp.Configuration;
using ChatApp.Conversations;
using ChatApp.Identity;
using ChatApp.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ChatApp.Markdown;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using OpenTelemetry.Metrics;

var builder = WebApplication.CreateBuilder(args);
// Serve framework and MudBlazor assets from the build output in any environment, so the plain
// build output (and `dotnet run --no-launch-profile`) works, not only the Development profile.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

builder.Services.AddOptions<ChatOptions>()
    .Bind(builder.Configuration.GetSection(ChatOptions.SectionName))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();

builder.Services.AddSingleton(TimeProvider.System);
// Provider streams can run for minutes: the per-stream limits are ours, not HttpClient's 100 s default.
builder.Services.AddHttpClient(ProviderCatalog.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
builder.Services.AddSingleton<ProviderCatalog>();
builder.Services.AddSingleton<ProviderResilience>();
builder.Services.AddSingleton<FailoverChatStream>();
builder.Services.AddSingleton<StreamMetrics>();
builder.Services.AddSingleton<GenerationRegistry>();
// Metrics in Prometheus text format at /metrics (OpenTelemetry's exporter, not a hand-written one).
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(StreamMetrics.MeterName, ChatApp.Telemetry.BrowserFrameMetrics.MeterName)
    .AddPrometheusExporter());
builder.Services.AddHostedService<GenerationShutdownService>();
builder.Services.AddSingleton<ChatApp.Telemetry.BrowserFrameMetrics>();
builder.Services.AddScoped<ChatSession>();

// Conversations in a real database (SQLite file by default), and an anonymous identity per browser
// whose data-protection keys live next to it so identities survive restarts.
var storage = builder.Configuration.GetSection("Chat:Storage").Get<StorageOptions>() ?? new StorageOptions();
var dataFolder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, storage.DataFolder));
Directory.CreateDirectory(dataFolder);
if (storage.Provider == "postgres")
{
    builder.Services.AddDbContextFactory<PostgresChatDbContext>(options => options.UseNpgsql(storage.ConnectionString));
    builder.Services.AddSingleton<IDbContextFactory<ChatDbContext>, ChatDbContextFactory<PostgresChatDbContext>>();
}
else
{
    builder.Services.AddDbContextFactory<ChatDbContext>(options =>
        options.UseSqlite(storage.ConnectionString ?? $"Data Source={Path.Combine(dataFolder, "chat.db")}"));
}
builder.Services.AddSingleton<ConversationStore>();
builder.Services.AddSingleton<AttemptCheckpointer>();
builder.Services.AddHostedService<StorageStartup>();
builder.Services.AddDataProtection()
    .SetApplicationName("ChatApp")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
builder.Services.AddSingleton<AnonymousIdentity>();
builder.Services.AddScoped<CircuitHandler, ChatCircuitHandler>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.Use((context, next) =>
{
    // Every page request carries (or gets) the browser's anonymous identity (not API or asset requests).
    var path = context.Request.Path;
    if (!path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/v1") && !path.StartsWithSegments("/api/chat")
        && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/healthz"))
    {
        context.RequestServices.GetRequiredService<AnonymousIdentity>().GetOrIssue(context);
    }
    return next(context);
});

app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapPost("/v1/chat/completions", ChatApp.Endpoints.OpenAiCompatibleEndpoint.HandleAsync).DisableAntiforgery();
app.MapPost("/api/chat", ChatApp.Endpoints.AiSdkChatEndpoint.HandleAsync).DisableAntiforgery();
app.MapGet("/api/conversations/{id:guid}/export.{format}", ChatApp.Endpoints.ConversationExportEndpoint.HandleAsync);
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

// ColorCode compiles its regexes on first use (~130 ms): pay that now, not on a user's first code block.
_ = Task.Run(CodeHighlighter.Warm);

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    return await ConfigurationErrorAsync(ex.Failures);
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value of the wrong type ("abc" for a number): the binder's message names the key.
    return await ConfigurationErrorAsync([ex.Message]);
}

static async Task<int> ConfigurationErrorAsync(IEnumerable<string> failures)
{
    await Console.Error.WriteLineAsync("ChatApp cannot start: the configuration is invalid.");
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"  - {failure}");
    }
    return 1;
}

/// <summary>Entry point; public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
