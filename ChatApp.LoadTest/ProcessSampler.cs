using System.Globalization;

namespace ChatApp.LoadTest;

/// <summary>A process's CPU time and resident memory, read from /proc (Linux), as a delta from when sampling started.</summary>
public sealed class ProcessSampler(int pid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private double _cpuAtStart;

    public long InitialRss { get; private set; }

    public void Sample()
    {
        _cpuAtStart = TotalCpuSeconds();
        InitialRss = RssBytes() ?? 0;
    }

    /// <summary>CPU seconds (user + system) spent since <see cref="Sample"/>.</summary>
    public double CpuSeconds() => TotalCpuSeconds() - _cpuAtStart;

    public long? RssBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private double TotalCpuSeconds() => CpuSecondsOf(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>User + system CPU seconds from a /proc/&lt;pid&gt;/stat line: fields 14 and 15, after the ")" that ends the command name.</summary>
    public static double CpuSecondsOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The command name in a /proc/&lt;pid&gt;/stat line (between the first "(" and the last ")").</summary>
    public static string CommandOf(string stat) => stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
}
