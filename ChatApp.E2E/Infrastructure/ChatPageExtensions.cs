using Microsoft.Playwright;

namespace ChatApp.E2E.Infrastructure;

/// <summary>The contract's hooks, as a user of the page would drive them.</summary>
public static class ChatPageExtensions
{
    /// <summary>
    /// Sends a prompt and returns once its answer's message is on the page, so <see cref="LastAssistantMessage"/>
    /// is that answer (not the one before it, already complete, which would satisfy a status wait at once).
    /// </summary>
    public static async Task SendAsync(this IPage page, string prompt)
    {
        // Answers right after a prompt with this text: one more once this prompt is on the page (counted by
        // prompt, so a view still switching to a new chat cannot be mistaken for the answer appearing).
        var answers = page.Locator("[data-testid=message][data-role=user]").Filter(new() { HasText = prompt })
            .Locator("xpath=following-sibling::*[1][@data-role='assistant']");
        var before = await answers.CountAsync();
        await page.Locator("[data-testid=composer-input]").FillAsync(prompt);
        await page.Locator("[data-testid=send-button]").ClickAsync();
        await Assertions.Expect(answers).ToHaveCountAsync(before + 1);
    }

    /// <summary>Attaches a file through the composer's file input (what the paperclip button opens).</summary>
    public static Task AttachAsync(this IPage page, string name, byte[] bytes, string mimeType = "image/png") =>
        page.Locator("[data-testid=attach-input]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = bytes });

    /// <summary>
    /// Waits for a new conversation's address (<c>/c/{id}</c>), which the page takes once the conversation is stored;
    /// on a timeout it says what the app logged meanwhile (a write that stalled holds the address back).
    /// </summary>
    public static async Task WaitForConversationAddressAsync(this IPage page, AppHost app)
    {
        try
        {
            await page.WaitForURLAsync("**/c/*");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nThe page's address: {page.Url}\nThe app's warnings and errors:\n{app.Warnings}", timeout);
        }
    }

    public static ILocator LastAssistantMessage(this IPage page) =>
        page.Locator("[data-testid=message][data-role=assistant]").Last;

    public static async Task WaitForStatusAsync(this ILocator message, string status, float timeoutMs = 30_000) =>
        await message.And(message.Page.Locator($"[data-status={status}]")).WaitForAsync(new() { Timeout = timeoutMs });

    /// <summary>
    /// Records, inside the page, every change a render frame makes to the last assistant message: the time,
    /// its <c>data-frames</c>, its text length, its status, whether the cursor and the thinking indicator show.
    /// Read it back with <see cref="ReadFrameLogAsync"/>.
    /// </summary>
    public static Task StartFrameLogAsync(this IPage page) => page.EvaluateAsync("""
        () => {
          window.__frames = [];
          const record = () => {
            const messages = document.querySelectorAll('[data-testid=message][data-role=assistant]');
            const message = messages[messages.length - 1];
            if (!message) return;
            const content = message.querySelector('[data-testid=message-content]');
            window.__frames.push({
              t: performance.now(),
              frames: Number(content?.dataset.frames ?? 0),
              length: (content?.textContent ?? '').length,
              status: message.dataset.status,
              cursor: !!message.querySelector('[data-testid=stream-cursor]'),
              thinking: !!message.querySelector('[data-testid=thinking-indicator]'),
            });
          };
          new MutationObserver(record).observe(document.querySelector('[data-testid=message-list]'),
            { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """);

    public static Task<FrameRecord[]> ReadFrameLogAsync(this IPage page) =>
        page.EvaluateAsync<FrameRecord[]>("() => window.__frames");
}

/// <summary>One entry of the in-page frame log.</summary>
public sealed class FrameRecord
{
    public double T { get; set; }
    public int Frames { get; set; }
    public int Length { get; set; }
    public string Status { get; set; } = "";
    public bool Cursor { get; set; }
    public bool Thinking { get; set; }
}
