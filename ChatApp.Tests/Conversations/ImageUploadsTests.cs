using ChatApp.Configuration;
using ChatApp.Conversations;
using ChatApp.Storage;
using ChatApp.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatApp.Tests.Conversations;

/// <summary>Uploads on a real SQLite file: accepted ones are stored for their owner, refused ones say why and store nothing.</summary>
public sealed class ImageUploadsTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private readonly SqliteDatabase _database = new();
    private ConversationStore _store = null!;
    private ImageUploads _uploads = null!;

    public async Task InitializeAsync()
    {
        _store = new ConversationStore(_database, TimeProvider.System);
        await new StorageStartup(_database, _store, NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
        _uploads = new ImageUploads(_store, Options.Create(new ChatOptions { Uploads = new UploadsOptions { MaxImageBytes = 1024, MaxImagesPerMessage = 2 } }),
            NullLogger<ImageUploads>.Instance);
    }

    private Task<(ImageAttachment? Image, string? Error)> UploadAsync(string name, byte[] bytes, int alreadyAttached = 0) =>
        _uploads.AcceptAsync("alice", name, bytes.Length, _ => new MemoryStream(bytes), alreadyAttached);

    [Fact]
    public async Task AnImage_IsStoredForItsOwner_WithTheTypeItsBytesSay()
    {
        var (image, error) = await UploadAsync("photo.jpg", Png); // named .jpg, but the bytes are a PNG

        Assert.Null(error);
        Assert.Equal(("image/png", "photo.jpg"), (image!.ContentType, image.FileName));
        Assert.Equal(Png, (await _store.GetImageAsync("alice", image.Id))!.Bytes);
        Assert.Null(await _store.GetImageAsync("bob", image.Id));
    }

    [Fact]
    public async Task TextNamedLikeAnImage_IsRefused_AndNothingIsStored()
    {
        var (image, error) = await UploadAsync("notes.png", "hello"u8.ToArray());

        Assert.Null(image);
        Assert.Equal("notes.png is not a PNG, JPEG, GIF or WebP image.", error);
        await using var db = _database.CreateDbContext();
        Assert.Empty(db.Images);
    }

    [Fact]
    public async Task TooLarge_IsRefusedBeforeReading()
    {
        var opened = false;

        var (image, error) = await _uploads.AcceptAsync("alice", "big.png", 4096, _ => { opened = true; return new MemoryStream(); }, 0);

        Assert.Null(image);
        Assert.Contains("(Chat:Uploads:MaxImageBytes)", error);
        Assert.False(opened);
    }

    [Fact]
    public async Task OneMoreThanTheLimit_IsRefused()
    {
        var (image, error) = await UploadAsync("third.png", Png, alreadyAttached: 2);

        Assert.Null(image);
        Assert.Equal("At most 2 images per message (Chat:Uploads:MaxImagesPerMessage).", error);
    }

    [Fact]
    public async Task StorageDown_IsAClearError_NotACrash()
    {
        await _database.DisposeAsync(); // the database file is gone

        var (image, error) = await UploadAsync("photo.png", Png);

        Assert.Null(image);
        Assert.Equal("photo.png could not be saved right now; try attaching it again.", error);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
