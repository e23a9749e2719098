namespace ChatApp.Providers.Simulated;

/// <summary>
/// When each chunk of a simulated answer is due, in whole microseconds from the request's start: a prompt-seeded
/// pace around the configured one, each gap straying around it. Computed as the answer streams, not stored: the
/// schedule is the seed's sequence, replayed from the start if an earlier entry is asked for again. A stored array
/// was 4.8 KB of every 1,200-token answer's live memory (a heap dump at 2,500 streams).
/// </summary>
public sealed class DueTimeList : IReadOnlyList<TimeSpan>
{
    private readonly int _seed;
    private readonly double _firstMicroseconds;
    private readonly double _configuredTokensPerSecond;
    private readonly double _paceVariation;
    private readonly double _tokenJitter;
    // The cursor: entry _index is due at _at; _random has drawn every gap up to it.
    private Random _random = null!;
    private double _meanGapMicroseconds;
    private int _index;
    private double _at;

    public DueTimeList(int count, int seed, TimeSpan first, double tokensPerSecond, double paceVariation, double tokenJitter)
    {
        Count = count;
        _seed = seed;
        _firstMicroseconds = first.TotalMicroseconds;
        _configuredTokensPerSecond = tokensPerSecond;
        _paceVariation = paceVariation;
        _tokenJitter = tokenJitter;
        Rewind();
    }

    public int Count { get; }

    public TimeSpan this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (index < _index)
            {
                Rewind();
            }
            while (_index < index)
            {
                _at += _meanGapMicroseconds * (1 - _tokenJitter + 2 * _tokenJitter * _random.NextDouble());
                _index++;
            }
            return TimeSpan.FromMicroseconds(Math.Min(int.MaxValue, Math.Round(_at)));
        }
    }

    private void Rewind()
    {
        _random = new Random(_seed);
        // Each answer has its own pace around the configured one; the first draw decides it.
        var tokensPerSecond = _configuredTokensPerSecond * (1 - _paceVariation + 2 * _paceVariation * _random.NextDouble());
        _meanGapMicroseconds = 1_000_000 / tokensPerSecond;
        _index = 0;
        _at = _firstMicroseconds;
    }

    public IEnumerator<TimeSpan> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
