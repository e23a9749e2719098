using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Images attached (button, paste, drop) in the composer: checked, shown, sent, stored.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ImageInputTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "300",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
        ["Chat:Uploads:MaxImageBytes"] = "200000",
    };

    private static readonly byte[] Png = TestImages.GradientPng(160, 100);

    /// <summary>Hands files to the page the way a paste or a drop does (a DataTransfer of real File objects).</summary>
    private static Task DispatchFilesAsync(IPage page, string eventName, string selector, byte[] bytes, string name, string type) =>
        page.EvaluateAsync("""
            ([eventName, selector, data, name, type]) => {
              const file = new File([new Uint8Array(data)], name, { type });
              const transfer = new DataTransfer();
              transfer.items.add(file);
              const target = document.querySelector(selector);
              const event = eventName === 'paste'
                ? new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true })
                : new DragEvent(eventName, { dataTransfer: transfer, bubbles: true, cancelable: true });
              target.dispatchEvent(event);
            }
            """, new object[] { eventName, selector, bytes.Select(b => (int)b).ToArray(), name, type });

    private static Task<bool> IsLoadedAsync(ILocator image) => image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");

    [Fact]
    public async Task AttachedImage_ShowsAsAThumbnail_IsSentWithThePrompt_AndSurvivesAReload()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        await page.AttachAsync("gradient.png", Png);
        var thumbnail = page.Locator("[data-testid=attachment] img");
        await Assertions.Expect(thumbnail).ToHaveAttributeAsync("alt", "gradient.png");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=attachment] img')?.naturalWidth > 0");
        await page.Locator("[data-testid=composer-input]").FillAsync("What colours are these?");
        await Screenshots.SaveAsync(page, "image-attached.png");
        await page.Locator("[data-testid=send-button]").ClickAsync();

        var prompt = page.Locator("[data-testid=message][data-role=user]").Last;
        var sent = prompt.Locator("[data-testid=message-image]");
        await Assertions.Expect(sent).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(0); // the composer is clear again
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");
        await Assertions.Expect(reply.Locator("[data-testid=message-content]")).ToContainTextAsync("I received 1 image: a PNG");
        Assert.True(await IsLoadedAsync(sent));
        await Screenshots.SaveAsync(page, "image-sent.png");

        await page.WaitForConversationAddressAsync(App);
        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        var restored = page.Locator("[data-testid=message][data-role=user] [data-testid=message-image]");
        await Assertions.Expect(restored).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=message-image]')?.naturalWidth === 160");
    }

    [Fact]
    public async Task PastedAndDroppedImages_AreAttached_AndAnImageAloneCanBeSent()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        await DispatchFilesAsync(page, "paste", "[data-testid=composer-input]", Png, "screenshot.png", "image/png");
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);
        await DispatchFilesAsync(page, "drop", ".composer", Png, "dropped.png", "image/png");
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(2);
        Assert.Equal(["screenshot.png", "dropped.png"], await page.Locator("[data-testid=attachment] img").EvaluateAllAsync<string[]>("is => is.map(i => i.alt)"));

        await Assertions.Expect(page.Locator("[data-testid=send-button]")).ToBeEnabledAsync(); // no text needed
        await page.Locator("[data-testid=composer-input]").PressAsync("Enter");

        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.LastAssistantMessage()).ToContainTextAsync("I received 2 images");
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]").First).ToContainTextAsync("screenshot.png");
    }

    [Fact]
    public async Task NotAnImage_OrTooLarge_IsRefusedWithAClearError_AndTheDraftIsKept()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.Locator("[data-testid=composer-input]").FillAsync("my draft");

        await page.AttachAsync("notes.png", System.Text.Encoding.UTF8.GetBytes("just some text"));
        await Assertions.Expect(page.Locator("[data-testid=composer-error]")).ToHaveTextAsync("notes.png is not a PNG, JPEG, GIF or WebP image.");

        await page.AttachAsync("huge.png", TestImages.GradientPng(400, 400).Concat(new byte[300_000]).ToArray());
        await Assertions.Expect(page.Locator("[data-testid=composer-error]")).ToContainTextAsync("images can be at most 0.2 MB (Chat:Uploads:MaxImageBytes)");
        await Screenshots.SaveAsync(page, "image-refused.png");

        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=composer-input]")).ToHaveValueAsync("my draft");
    }

    [Fact]
    public async Task RemovingAnAttachment_TakesItOffThePrompt()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.AttachAsync("gradient.png", Png);
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove gradient.png" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=send-button]")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task AnotherBrowsersImage_IsNotFound()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.AttachAsync("gradient.png", Png);
        var url = await page.Locator("[data-testid=attachment] img").GetAttributeAsync("src");

        using var stranger = new HttpClient();
        var response = await stranger.GetAsync(App.BaseUrl + url);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(200, (await page.APIRequest.GetAsync(App.BaseUrl + url)).Status); // its owner's browser gets it
    }
}

/// <summary>An image reaches an OpenAI-compatible provider as image content (a data URL part), over real HTTP.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ImageToProviderTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly FakeOpenAiServer _server = new(["A", " gradient."], TimeSpan.FromMilliseconds(20));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _app = new AppHost(new Dictionary<string, string?>
        {
            ["Chat:Providers:0:Name"] = "Vision",
            ["Chat:Providers:0:Kind"] = "openai",
            ["Chat:Providers:0:Endpoint"] = _server.Endpoint,
            ["Chat:Providers:0:Model"] = "vision-model",
        });
    }

    [Fact]
    public async Task AttachedImage_IsSentAsAnImageUrlPart()
    {
        var png = TestImages.GradientPng(32, 32);
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.AttachAsync("g.png", png);
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);

        await page.SendAsync("Describe it");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), Assert.Single(request.ImageUrls));
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _server.DisposeAsync();
    }
}
