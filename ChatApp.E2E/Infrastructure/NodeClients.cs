using System.Diagnostics;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// The Node.js clients in <c>Node/</c> (real npm packages such as <c>ai</c>), installed once per machine into a temp
/// folder by <c>npm install</c> from the registry and run with the machine's <c>node</c>.
/// </summary>
public static class NodeClients
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns its standard output (it must exit 0).</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var folder = await InstalledAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Node", script), Path.Combine(folder, script), overwrite: true);
        var (code, output, error) = await ExecAsync("node", folder, TimeSpan.FromMinutes(1), [script, .. arguments]);
        Assert.True(code == 0, $"node {script} exited {code}:\n{error}\n{output}");
        return output;
    }

    private static async Task<string> InstalledAsync()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "Node", "package.json");
        // One folder per manifest version, so a changed dependency gets a fresh install.
        var version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(manifest)))[..12];
        var folder = Path.Combine(Path.GetTempPath(), "chatapp-e2e-node", version);
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", "ai", "package.json")))
            {
                Directory.CreateDirectory(folder);
                File.Copy(manifest, Path.Combine(folder, "package.json"), overwrite: true);
                var (code, output, error) = await ExecAsync("npm", folder, TimeSpan.FromMinutes(5), ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
                Assert.True(code == 0, $"npm install failed ({code}):\n{error}\n{output}");
            }
            return folder;
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int Code, string Output, string Error)> ExecAsync(string program, string folder, TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return (process.ExitCode, await output, await error);
    }
}
