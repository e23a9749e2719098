using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Opening the chat: what the page runs arrives with the page, not a round trip after the circuit starts.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class PageLoadTests(BrowserFixture browser) : BrowserTest(browser, new Dictionary<string, string?>())
{
    [Fact]
    public async Task TheChatsModules_LoadWithThePage_BeforeTheCircuitStarts_AndOnlyOnce()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        var loads = await page.EvaluateAsync<ResourceLoad[]>(
            "() => performance.getEntriesByType('resource').map(r => ({ path: new URL(r.name).pathname, start: r.startTime }))");
        var circuitStarts = loads.First(l => l.Path == "/_blazor/negotiate").Start;
        foreach (var module in new[] { "MessageList", "Composer" })
        {
            var fetched = loads.Where(l => l.Path.StartsWith($"/Components/Chat/{module}.") && l.Path.EndsWith(".razor.js")).ToList();
            Assert.True(fetched.Count == 1, $"{module}'s module was fetched {fetched.Count} times");
            Assert.True(fetched[0].Start < circuitStarts,
                $"{module}'s module was fetched {fetched[0].Start - circuitStarts:F0} ms after the circuit began to connect");
        }
    }

    private sealed class ResourceLoad
    {
        public string Path { get; set; } = "";

        public double Start { get; set; }
    }
}
