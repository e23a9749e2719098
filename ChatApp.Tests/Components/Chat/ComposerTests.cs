using Bunit;
using ChatApp.Components.Chat;
using ChatApp.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using ChatApp.Conversations;
using ChatApp.Storage;
using ChatApp.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatApp.Tests.Components.Chat;

public sealed class ComposerTests : BunitContext
{
    private readonly SqliteDatabase _database = new();

    public ComposerTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(Options.Create(new ChatOptions()));
        // Never used here (no image is attached); the composer takes uploads through it.
        Services.AddSingleton(new ImageUploads(new ConversationStore(_database, TimeProvider.System), Options.Create(new ChatOptions()), NullLogger<ImageUploads>.Instance));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public void Ready_IsSaidOnce_AfterItsKeysAreAttached()
    {
        var module = JSInterop.SetupModule("./Components/Chat/Composer.razor.js");
        module.SetupModule("attach", _ => true);
        var attachedWhenReady = new List<int>();

        // data-interactive waits for this: a key pressed before the keys are attached would reach no handler.
        var cut = Render<Composer>(p => p.Add(c => c.OnReady, () => attachedWhenReady.Add(module.Invocations["attach"].Count)));

        cut.WaitForAssertion(() => Assert.Equal([1], attachedWhenReady));
        cut.Render();
        Assert.Equal([1], attachedWhenReady);
    }

    [Fact]
    public async Task Enter_WithAShortDraft_SendsTheTextItCarries_WithoutReadingTheTextarea()
    {
        var module = JSInterop.SetupModule("./Components/Chat/Composer.razor.js");
        var keys = module.SetupModule("attach", _ => true);
        keys.SetupVoid("clear").SetVoidResult();
        var sent = new List<string>();
        var cut = Render<Composer>(p => p.Add(c => c.OnSend, submission => { sent.Add(submission.Prompt); return Task.FromResult(true); }));
        cut.WaitForAssertion(() => Assert.Single(module.Invocations["attach"]));

        await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboardAsync("  Why is the sky blue? \n"));

        Assert.Equal(["Why is the sky blue?"], sent);
        Assert.Empty(keys.Invocations["readText"]); // no second round trip for the text
        Assert.Single(keys.Invocations["clear"]);
    }

    [Fact]
    public async Task Enter_WithABlankDraft_SendsNothing_AndLeavesTheBoxAlone()
    {
        var module = JSInterop.SetupModule("./Components/Chat/Composer.razor.js");
        var keys = module.SetupModule("attach", _ => true);
        var sent = new List<string>();
        var cut = Render<Composer>(p => p.Add(c => c.OnSend, submission => { sent.Add(submission.Prompt); return Task.FromResult(true); }));
        cut.WaitForAssertion(() => Assert.Single(module.Invocations["attach"]));

        await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboardAsync("   \n "));

        Assert.Empty(sent);
        Assert.Empty(keys.Invocations["clear"]);
    }

    [Fact]
    public async Task Enter_RefusedByALimit_PutsTheDraftBack()
    {
        var module = JSInterop.SetupModule("./Components/Chat/Composer.razor.js");
        var keys = module.SetupModule("attach", _ => true);
        keys.SetupVoid("clear").SetVoidResult();
        keys.SetupVoid("setText", _ => true).SetVoidResult();
        var cut = Render<Composer>(p => p.Add(c => c.OnSend, _ => Task.FromResult(false)));
        cut.WaitForAssertion(() => Assert.Single(module.Invocations["attach"]));

        await cut.InvokeAsync(() => cut.Instance.SubmitFromKeyboardAsync("Keep me"));

        Assert.Equal("Keep me", Assert.Single(keys.Invocations["setText"]).Arguments[0]);
    }
}
