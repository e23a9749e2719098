namespace ChatApp.Providers;

/// <summary>
/// On the providers' HttpClient: hands an event-stream response's body through a <see cref="DoneLineWatcher"/>,
/// so the <see cref="StreamEndSignal"/> of the request that is streaming learns whether <c>data: [DONE]</c>
/// arrived. Bytes pass through unchanged and unbuffered.
/// </summary>
public sealed class StreamEndMarkerHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signal = StreamEndSignal.Current.Value;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (signal is null || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return response;
        }
        var original = response.Content;
        var watched = new StreamContent(new DoneLineWatcher(await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), signal));
        foreach (var header in original.Headers)
        {
            watched.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = watched;
        return response;
    }
}
