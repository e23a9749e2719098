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
}
