using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP endpoint (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) that keeps
/// every batch of spans it is sent, as the exporter's protobuf bytes.
/// </summary>
public sealed class FakeOtlpCollector : LoopbackServer
{
    private readonly List<byte[]> _traceBatches = [];

    public FakeOtlpCollector()
    {
        App.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (signal == "traces")
            {
                lock (_traceBatches)
                {
                    _traceBatches.Add(body.ToArray());
                }
            }
            return Results.Ok();
        });
    }

    /// <summary>
    /// How many spans received so far belong to the trace: a span carries its 16-byte trace id once, as raw
    /// bytes (a parent span id is 8 bytes, so it cannot be counted by mistake).
    /// </summary>
    public int SpansInTrace(string traceIdHex)
    {
        var traceId = Convert.FromHexString(traceIdHex);
        lock (_traceBatches)
        {
            return _traceBatches.Sum(batch => Occurrences(batch, traceId));
        }
    }

    /// <summary>Whether any span batch names this (a scope, a span name, an attribute).</summary>
    public bool TracesMention(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        lock (_traceBatches)
        {
            return _traceBatches.Any(batch => batch.AsSpan().IndexOf(bytes) >= 0);
        }
    }

    private static int Occurrences(byte[] haystack, byte[] needle)
    {
        var count = 0;
        for (var rest = haystack.AsSpan(); rest.IndexOf(needle) is var at and >= 0; rest = rest[(at + needle.Length)..])
        {
            count++;
        }
        return count;
    }
}
