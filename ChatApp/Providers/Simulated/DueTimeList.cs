namespace ChatApp.Providers.Simulated;

/// <summary>When each chunk of a simulated answer is due, in whole microseconds from the request's start (4 bytes each).</summary>
public sealed class DueTimeList(int[] microseconds) : IReadOnlyList<TimeSpan>
{
    public int Count => microseconds.Length;

    public TimeSpan this[int index] => TimeSpan.FromMicroseconds(microseconds[index]);

    public IEnumerator<TimeSpan> GetEnumerator()
    {
        for (var i = 0; i < microseconds.Length; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
