namespace ChatApp.Endpoints;

/// <summary>Refusals in the shape OpenAI's clients read (<c>{"error": {"message", "type", "code"}}</c>), for both HTTP APIs.</summary>
public static class ApiErrors
{
    public static IResult Of(int status, string message, string type, string? code = null, TimeSpan? retryAfter = null) =>
        new Refusal(status, message, type, code, retryAfter);

    private sealed class Refusal(int status, string message, string type, string? code, TimeSpan? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            if (retryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return context.Response.WriteAsJsonAsync(new { error = new { message, type, code } }, ServerSentEvents.Json);
        }
    }
}
