using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Configuration;
using Microsoft.AspNetCore.Http.Features;

namespace ChatApp.Endpoints;

/// <summary>
/// Reading an API request's JSON body under <c>Chat:Limits:MaxRequestBytes</c>: a body announced or found to be
/// larger is refused as 413 naming the limit (never Kestrel's unhandled 30 MB exception), and each failure
/// becomes the status and words the client gets.
/// </summary>
public static class ApiRequestBody
{
    public static async Task<JsonObject> ReadAsync(HttpContext context, LimitsOptions limits)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }
        if (context.Request.ContentLength > limits.MaxRequestBytes)
        {
            throw TooLarge(limits);
        }
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new ArgumentException("The request body must be a JSON object.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits);
        }
    }

    /// <summary>The HTTP status for a failure of reading or checking a request (null: not a request error).</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        RequestTooLargeException => StatusCodes.Status413PayloadTooLarge,
        JsonException or ArgumentException or InvalidOperationException or FormatException => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        _ => null,
    };

    /// <summary>How many messages a request sends (checked before any is read).</summary>
    public static void CheckMessageCount(int messages, LimitsOptions limits)
    {
        if (messages > limits.MaxMessagesPerRequest)
        {
            throw new RequestTooLargeException($"The request has {messages} messages; Chat:Limits:MaxMessagesPerRequest allows {limits.MaxMessagesPerRequest}.");
        }
    }

    /// <summary>How many characters the request's messages have together.</summary>
    public static void CheckCharacters(long characters, LimitsOptions limits)
    {
        if (characters > limits.MaxPromptChars)
        {
            throw new RequestTooLargeException($"The messages have {characters} characters; Chat:Limits:MaxPromptChars allows {limits.MaxPromptChars}.");
        }
    }

    private static RequestTooLargeException TooLarge(LimitsOptions limits) =>
        new($"The request body is larger than Chat:Limits:MaxRequestBytes ({limits.MaxRequestBytes} bytes).");
}
