using ChatApp.LoadTest.MinimalBlazor.Components;

// The page readers' baseline: the smallest Blazor Server chat page, the way Microsoft's aichatweb template streams
// (the whole answer re-rendered as one string, here 20 times a second while it grows). It carries the hooks
// `ChatApp.LoadTest --pages` drives (composer, message, status, data-frames), streams ChatApp's /long text at the
// simulated model's default pace (first token 300 ms, 65 tokens a second) and does nothing else: no markdown, no
// storage, no log. What a Blazor Server frame costs at the least on this machine, so ChatApp's per-frame figure
// has something to be compared with in the same run. `--render tail` re-renders only the text that arrived since the
// last frame (one short text node): the floor of a Blazor Server frame, a render batch out and an acknowledgement in.
// dotnet run -c Release --project ChatApp.LoadTest.MinimalBlazor -- --urls http://127.0.0.1:5100 [--render whole|tail]
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddSingleton(builder.Configuration["render"] switch
{
    null or "whole" => new BaselineRendering(TailOnly: false),
    "tail" => new BaselineRendering(TailOnly: true),
    var other => throw new ArgumentException($"--render {other}: expected whole or tail"),
});
var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapGet("/healthz", () => "ok");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

/// <summary>What each frame re-renders: the whole answer so far, or only its tail since the last frame.</summary>
public sealed record BaselineRendering(bool TailOnly);
