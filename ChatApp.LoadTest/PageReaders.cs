using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace ChatApp.LoadTest;

/// <summary>
/// <c>--pages N</c>: N Chromium pages (one browser, a context each) open the chat, send the same prompt at once and
/// read their answers to the end. Reports the server's CPU while they streamed, per reader and per frame the pages
/// rendered (their <c>data-frames</c>), the time from Enter to the first character in each page, and the CPU the
/// browser's processes took meanwhile (they share the machine with the server).
/// </summary>
public static class PageReaders
{
    public static async Task<int> RunAsync(string url, int pages, string prompt, ProcessSampler? server)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        var opened = await Task.WhenAll(Enumerable.Range(0, pages).Select(async _ =>
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1000, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url, new() { Timeout = 120_000 });
            await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync(new() { Timeout = 120_000 });
            await page.Locator("[data-testid=composer-input]").FillAsync(prompt);
            // In the page: when it saw Enter (the tool's own latency in pressing it is not the app's), when the prompt
            // came back rendered as a message (the send's round trip), and when the answer's first character showed.
            await page.EvaluateAsync("""
                () => {
                    document.addEventListener('keydown', (event) => { if (event.key === 'Enter' && !window.__keyAt) window.__keyAt = performance.now(); }, true);
                    new MutationObserver((_, observer) => {
                        if (!window.__promptAt && document.querySelector('[data-testid=message][data-role=user]')) window.__promptAt = performance.now();
                        const answers = document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]');
                        if (answers.length && answers[answers.length - 1].textContent.trim().length > 0) { window.__firstChar = performance.now(); observer.disconnect(); }
                    }).observe(document.body, { childList: true, subtree: true, characterData: true });
                }
                """);
            return page;
        }));
        Console.WriteLine($"{pages} pages open; sending {prompt}");
        server?.Sample();
        var browserCpu = new BrowserCpuSampler();
        browserCpu.Sample();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(opened.Select(page => page.EvaluateAsync("() => { window.__sentAt = performance.now(); }")
            .ContinueWith(_ => page.Locator("[data-testid=composer-input]").PressAsync("Enter")).Unwrap()));
        try
        {
            await Task.WhenAll(opened.Select(page => page.Locator("[data-testid=message][data-role=assistant][data-status=complete]")
                .WaitForAsync(new() { Timeout = 300_000 })));
        }
        catch (TimeoutException)
        {
            // Bounded: say which pages did not finish, and what they show.
            foreach (var (page, index) in opened.Select((p, i) => (p, i)))
            {
                var state = await page.EvaluateAsync<string>("""
                    () => {
                      const m = [...document.querySelectorAll('[data-testid=message][data-role=assistant]')].pop();
                      if (!m) return 'no answer';
                      const c = m.querySelector('[data-testid=message-content]');
                      return `${m.dataset.status}, ${c?.dataset.frames} frames, ${c?.textContent.length} characters`;
                    }
                    """);
                Console.WriteLine($"page {index + 1}: {state}");
            }
            return 1;
        }
        var cpu = server?.CpuSeconds();
        var browserSeconds = browserCpu.CpuSeconds();
        clock.Stop();
        var frames = 0L;
        var (firstChars, keyToPrompt, keyToFirstChar) = (new List<double>(), new List<double>(), new List<double>());
        foreach (var page in opened)
        {
            frames += long.Parse(await page.Locator("[data-testid=message][data-role=assistant] [data-testid=message-content]").Last.GetAttributeAsync("data-frames") ?? "0", CultureInfo.InvariantCulture);
            var times = await page.EvaluateAsync<double[]>("() => [window.__sentAt, window.__keyAt, window.__promptAt ?? -1, window.__firstChar]");
            firstChars.Add(times[3] - times[0]);
            if (times[2] >= 0)
            {
                keyToPrompt.Add(times[2] - times[1]); // a page without the prompt shown as a message (the minimal baseline) has none
            }
            keyToFirstChar.Add(times[3] - times[1]);
        }
        firstChars.Sort();
        keyToPrompt.Sort();
        keyToFirstChar.Sort();
        Console.WriteLine("| pages | wall | server CPU | per reader | frames rendered | CPU per frame | share of a core per reader | first character p50 / p95 | browser CPU |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {pages} | {clock.Elapsed.TotalSeconds:0} s | {(cpu is { } c ? $"{c:0.0} s" : "-")} | {(cpu is { } p ? $"{p / pages:0.00} s" : "-")} | {frames:N0} | " +
            $"{(cpu is { } f ? $"{f * 1000 / Math.Max(1, frames):0.00} ms" : "-")} | {(cpu is { } r ? $"{100 * r / pages / clock.Elapsed.TotalSeconds:0.0} %" : "-")} | " +
            $"{Percentile(firstChars, 0.5):0} / {Percentile(firstChars, 0.95):0} ms | {browserSeconds:0.0} s |"));
        // The first character split where the page sees it: Enter → the prompt shown (the send's round trip, its render
        // applied), and Enter → the first character (includes the model's first-token delay).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in the page, from its Enter: prompt shown p50 / p95 {Percentile(keyToPrompt, 0.5):0} / {Percentile(keyToPrompt, 0.95):0} ms, " +
            $"first character p50 / p95 {Percentile(keyToFirstChar, 0.5):0} / {Percentile(keyToFirstChar, 0.95):0} ms"));
        return 0;
    }

    // Debian's chromium from PATH (or CHROMIUM_PATH): Playwright needs a full path.
    private static string ChromiumPath() =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH")
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(directory => Path.Combine(directory, "chromium")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium not found on PATH: apt-get install -y chromium (or set CHROMIUM_PATH)");

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
