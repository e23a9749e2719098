namespace ChatApp.LoadTest;

/// <summary>The load run's arguments (<c>--name value</c> pairs), with the defaults the README's figures used.</summary>
public sealed record LoadOptions(string Url, int Streams, TimeSpan Ramp, int Words, TimeSpan Limit, int? Pid)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new LoadOptions(
            Value("--url")?.TrimEnd('/') ?? "http://127.0.0.1:5080",
            int.Parse(Value("--streams") ?? "1000"),
            TimeSpan.FromSeconds(double.Parse(Value("--ramp") ?? "5")),
            int.Parse(Value("--words") ?? "1200"),
            TimeSpan.FromSeconds(double.Parse(Value("--limit") ?? "180")),
            Value("--pid") is { } pid ? int.Parse(pid) : null);
    }
}
