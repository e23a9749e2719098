namespace ChatApp.Providers.Simulated;

/// <summary>FNV-1a over the string's chars: the same value in every process (string.GetHashCode is randomised).</summary>
public static class StableHash
{
    public static int Of(string text)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619u;
            }
            return (int)(hash & 0x7FFFFFFF);
        }
    }

    /// <summary>64-bit FNV-1a over several texts in order, each followed by its length (so ["ab", "c"] ≠ ["a", "bc"]).</summary>
    public static ulong OfAll(IEnumerable<string?> texts)
    {
        const ulong prime = 1099511628211ul;
        unchecked
        {
            var hash = 14695981039346656037ul;
            foreach (var text in texts)
            {
                foreach (var c in text ?? "")
                {
                    hash = (hash ^ c) * prime;
                }
                hash = (hash ^ (ulong)(text?.Length ?? 0)) * prime;
            }
            return hash;
        }
    }
}
