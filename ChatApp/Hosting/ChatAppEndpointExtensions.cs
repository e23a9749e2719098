using ChatApp.Endpoints;
using ChatApp.Identity;

namespace ChatApp.Hosting;

/// <summary>The HTTP surface of ui-contract.md §5, and the identity every page request carries.</summary>
public static class ChatAppEndpointExtensions
{
    /// <summary>Every page request carries (or gets) the browser's anonymous identity; API and asset requests do not need one.</summary>
    public static IApplicationBuilder UseAnonymousIdentity(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        var needsIdentity = !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/v1") && !path.StartsWithSegments("/api/chat")
            && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/healthz");
        if (needsIdentity)
        {
            context.RequestServices.GetRequiredService<AnonymousIdentity>().GetOrIssue(context);
        }
        return next(context);
    });

    /// <summary>The pages' live connections are tracked, so shutdown can end them once the drain is over (<see cref="Circuits.PageConnections"/>).</summary>
    public static IApplicationBuilder UsePageConnections(this IApplicationBuilder app)
    {
        var connections = app.ApplicationServices.GetRequiredService<Circuits.PageConnections>();
        return app.Use((context, next) => context.Request.Path.StartsWithSegments("/_blazor")
            ? connections.RunAsync(context, next)
            : next(context));
    }

    private static IResult ApiNotFound(HttpContext context) =>
        Results.Json(new { error = new { message = $"No endpoint {context.Request.Method} {context.Request.Path}.", type = "not_found" } },
            ServerSentEvents.Json, statusCode: StatusCodes.Status404NotFound);

    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        // Readiness: a load balancer stops sending new work here while this instance drains on shutdown.
        endpoints.MapGet("/healthz/ready", (Answers.ShutdownDrain drain) => drain.IsDraining
            ? Results.Text("draining", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready")).ExcludeFromDescription();
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        // The APIs spend the operator's provider keys: API keys, or this machine only (ApiAccess).
        var api = endpoints.MapGroup("").AddEndpointFilter<ApiAccess>();
        api.MapPost("/v1/chat/completions", OpenAiCompatibleEndpoint.HandleAsync).DisableAntiforgery();
        api.MapPost("/api/chat", AiSdkChatEndpoint.HandleAsync).DisableAntiforgery();
        api.MapGet("/api/chat/{chatId}/stream", AiSdkChatEndpoint.ResumeAsync);
        api.MapDelete("/api/chat/{chatId}/stream", AiSdkChatEndpoint.StopAsync).DisableAntiforgery();
        endpoints.MapGet("/api/conversations/{id:guid}/export.{format}", ConversationExportEndpoint.HandleAsync);
        endpoints.MapGet("/images/{id:guid}", ImageEndpoint.HandleAsync);
        // An unknown API path is a JSON 404 for the client library that called it, never the chat page's HTML.
        endpoints.Map("/api/{**rest}", ApiNotFound).DisableAntiforgery();
        endpoints.Map("/v1/{**rest}", ApiNotFound).DisableAntiforgery();
        return endpoints;
    }
}
