using ChatApp.Components;
using ChatApp.Hosting;
using ChatApp.Markdown;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

// Semantic Kernel's GenAI activities and metrics (no prompt or answer content: that switch stays off).
AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnostics", true);

try
{
    var builder = WebApplication.CreateBuilder(args);
    // Serve framework and MudBlazor assets from the build output in any environment, so the plain
    // build output (and `dotnet run --no-launch-profile`) works, not only the Development profile.
    builder.WebHost.UseStaticWebAssets();
    // Room for a burst of new connections while the process is paused (a gen1 collection promoting a thousand new
    // answers took 0.1-0.66 s at 5,000 streams): with Kestrel's 512 the kernel dropped the surplus connection
    // attempts, and each client waited out a 1 s (then 3 s) SYN retry. The kernel caps it at net.core.somaxconn.
    builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);

    builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    builder.Services.AddMudServices();
    builder.Services.AddChatConfiguration(builder.Configuration);
    builder.Services.AddChatStreaming();
    builder.Services.AddChatStorage(builder.Configuration, builder.Environment);
    builder.Services.AddChatScaleOut(builder.Configuration);

    var app = builder.Build();

    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseSecurityHeaders();
    app.UsePageConnections();
    app.UseAntiforgery();
    app.UseAnonymousIdentity();

    // The /stats window records from the first answer on, not from the first visit to the page.
    _ = app.Services.GetRequiredService<ChatApp.Telemetry.StreamStatistics>();

    app.MapChatEndpoints();
    app.MapStaticAssets();
    // Our own Content-Security-Policy (SecurityHeaders) already says frame-ancestors 'none': no second header.
    // No WebSocket compression: the server's render batches go out uncompressed either way, and inflating every
    // browser acknowledgement (one per frame) took 3-4 % of the server's CPU with 10 pages streaming, plus an
    // inflater's window per circuit.
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
    {
        options.ContentSecurityFrameAncestorsPolicy = null;
        options.DisableWebSocketCompression = true;
    });

    // ColorCode compiles its regexes on first use (~130 ms): pay that now, not on a user's first code block.
    _ = Task.Run(CodeHighlighter.Warm);

    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    return await ConfigurationErrorAsync(ex.Failures);
}
catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A value of the wrong type ("abc" for a number), found while building or starting: the binder's message names the key.
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
