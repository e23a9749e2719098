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
}
