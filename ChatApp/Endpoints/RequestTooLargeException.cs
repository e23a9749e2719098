namespace ChatApp.Endpoints;

/// <summary>A request over one of the <c>Chat:Limits</c> sizes; the message names the limit (answered as 413).</summary>
public sealed class RequestTooLargeException(string message) : Exception(message);
