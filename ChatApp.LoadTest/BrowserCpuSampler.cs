using System.Globalization;

namespace ChatApp.LoadTest;

/// <summary>
/// CPU time of every Chromium process on the machine (the browser and its renderers, from /proc), as a delta from
/// when sampling started: on a shared machine it says how much of the cores the pages took from the server.
/// </summary>
public sealed class BrowserCpuSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private double _cpuAtStart;

    public void Sample() => _cpuAtStart = TotalCpuSeconds();

    /// <summary>CPU seconds (user + system) the browser's processes spent since <see cref="Sample"/>.</summary>
    public double CpuSeconds() => TotalCpuSeconds() - _cpuAtStart;

    private static double TotalCpuSeconds()
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }
            try
            {
                // /proc/<pid>/stat: "<pid> (<comm>) <state> ...": utime and stime are fields 14 and 15.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (!stat[(open + 1)..close].StartsWith("chrom", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = stat[(close + 2)..].Split(' ');
                total += (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return total;
    }
}
