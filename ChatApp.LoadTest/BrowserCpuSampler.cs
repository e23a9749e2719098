namespace ChatApp.LoadTest;

/// <summary>
/// CPU time of every Chromium process on the machine (the browser and its renderers, from /proc), as a delta from
/// when sampling started: on a shared machine it says how much of the cores the pages took from the server.
/// </summary>
public sealed class BrowserCpuSampler
{
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
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (ProcessSampler.CommandOf(stat).StartsWith("chrom", StringComparison.Ordinal))
                {
                    total += ProcessSampler.CpuSecondsOf(stat);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return total;
    }
}
