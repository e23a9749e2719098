using System.Net;
using Microsoft.SemanticKernel;

namespace ChatApp.Streaming;

/// <summary>Turns a provider exception into one plain sentence for the user; the details go to the log.</summary>
public static class StreamFailureDescriber
{
    public static string Describe(Exception exception, string providerName, bool hadText)
    {
        var statusCode = exception switch
        {
            HttpOperationException { StatusCode: { } code } => code,
            HttpRequestException { StatusCode: { } code } => code,
            _ => (HttpStatusCode?)null,
        };
        if (statusCode is { } status)
        {
            return $"{providerName} refused the request (HTTP {(int)status} {status}).";
        }
        if (hadText)
        {
            return $"The connection to {providerName} was lost before the answer finished. The text so far is kept.";
        }
        if (exception is HttpRequestException or HttpOperationException or IOException)
        {
            return $"Could not reach {providerName}: the connection failed before any text arrived.";
        }
        return $"{providerName} failed: {exception.Message}";
    }
}
