namespace ChatApp.Telemetry;

/// <summary>
/// What this page's browser measured for each answer it streamed (one per page connection), so the answer's
/// details can show its frames and late frames. Bounded: the oldest reports go first.
/// </summary>
public sealed class AnswerFrameReports
{
    private const int Capacity = 200;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, BrowserFrameTelemetry> _reports = [];
    private readonly Queue<Guid> _order = new();

    /// <summary>Raised (on the renderer's thread) when an answer's report arrives.</summary>
    public event Action<Guid>? Reported;

    public void Record(BrowserFrameTelemetry report)
    {
        if (!Guid.TryParse(report.AnswerId, out var answerId))
        {
            return;
        }
        lock (_gate)
        {
            if (_reports.TryAdd(answerId, report))
            {
                _order.Enqueue(answerId);
                while (_order.Count > Capacity)
                {
                    _reports.Remove(_order.Dequeue());
                }
            }
            else
            {
                _reports[answerId] = report;
            }
        }
        Reported?.Invoke(answerId);
    }

    public BrowserFrameTelemetry? Find(Guid answerId)
    {
        lock (_gate)
        {
            return _reports.GetValueOrDefault(answerId);
        }
    }
}
