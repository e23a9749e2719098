using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// The app as an operator runs it: its own process, configured by environment variables, in the
/// Production environment. Used where in-process hosting would hide what a real start does.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public static AppProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ChatApp.dll"), "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        if (!environment.ContainsKey("Chat__Storage__DataFolder"))
        {
            startInfo.Environment["Chat__Storage__DataFolder"] = Path.Combine(Path.GetTempPath(), "chatapp-e2e", Guid.NewGuid().ToString("N"));
        }
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }
        var app = new AppProcess(new Process { StartInfo = startInfo, EnableRaisingEvents = true });
        app._process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        app._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._stderr) { app._stderr.AppendLine(e.Data); } };
        app._process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException("the app exited before listening"));
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    /// <summary>The base URL once Kestrel reports it is listening.</summary>
    public Task<string> ListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>SIGTERM, as an orchestrator stops a container: the app drains and exits by itself.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>SIGSTOP: the process is frozen (as by a long GC pause or a VM stall) until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>SIGCONT: a paused process runs on, unaware of the time that passed.</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>kill -9: the process dies at once, with no shutdown of any kind.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
