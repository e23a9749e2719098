using ChatApp.E2E.Infrastructure;
using ChatApp.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace ChatApp.E2E;

/// <summary>Nothing streams to nobody: a closed tab's answer runs for the grace period, then stops.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class DisconnectTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "40",
        // Wide enough that "still streaming a second after the tab closed" holds on a busy machine.
        ["Chat:Streaming:DisconnectGraceSeconds"] = "4",
    };

    [Fact]
    public async Task ClosedTab_AnswerKeepsGoingThroughGrace_ThenStopsAsDisconnected()
    {
        var registry = App.Services.GetRequiredService<GenerationRegistry>();
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await Assertions.Expect(page.LastAssistantMessage().Locator("[data-testid=message-content]")).ToContainTextAsync("guide");
        var generation = Assert.Single(registry.ActiveGenerations);

        await page.Context.CloseAsync();
        await Task.Delay(1000);
        Assert.Equal(GenerationStatus.Streaming, generation.Status); // still inside the grace period

        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GenerationStatus.Stopped, outcome.Status);
        Assert.Equal(StopReason.Disconnected, outcome.StopReason);
        Assert.Contains("A complete guide", generation.Text);
        Assert.True(generation.Text.Length < 15_000, "the whole answer streamed to a closed tab");
    }
}
