using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using ChatApp.Benchmarks;

// `dotnet run -c Release --project ChatApp.Benchmarks` prints the HTML-bytes table, then runs the timed
// benchmarks (pass BenchmarkDotNet arguments after `--`, e.g. `-- --filter *LastFrames*`).
Console.WriteLine("HTML bytes changed per answer (~40 chars per frame):");
HtmlBytesReport.Print([1_000, 10_000, 50_000, 100_000]);
Console.WriteLine();

var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("ShortRun"));
BenchmarkSwitcher.FromAssembly(typeof(MarkdownFrameBenchmarks).Assembly).Run(args.Length > 0 ? args : ["--filter", "*"], config);
