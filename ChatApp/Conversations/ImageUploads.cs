using ChatApp.Configuration;
using ChatApp.Storage;
using Microsoft.Extensions.Options;

namespace ChatApp.Conversations;

/// <summary>
/// Accepts an image attached in the composer: checks count, size and type (by its bytes) with a clear
/// sentence for each refusal, and stores it for its owner so the page shows it from <c>/images/{id}</c>
/// (plain HTTP, cached) rather than pushing its bytes through the page's connection.
/// </summary>
public sealed class ImageUploads(ConversationStore store, IOptions<ChatOptions> options, ILogger<ImageUploads> logger)
{
    public UploadsOptions Limits => options.Value.Uploads;

    /// <param name="open">Opens the upload's stream, refusing more than the given number of bytes.</param>
    /// <returns>The stored image, or the reason it was refused.</returns>
    public async Task<(ImageAttachment? Image, string? Error)> AcceptAsync(
        string owner, string fileName, long size, Func<long, Stream> open, int alreadyAttached, CancellationToken cancellationToken = default)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "pasted image" : Path.GetFileName(fileName);
        if ((ImagePolicy.CheckCount(alreadyAttached, Limits) ?? ImagePolicy.CheckSize(name, size, Limits)) is { } refused)
        {
            return (null, refused);
        }
        byte[] bytes;
        try
        {
            await using var stream = open(Limits.MaxImageBytes);
            using var buffer = new MemoryStream((int)size);
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (IOException ex)
        {
            logger.LogInformation(ex, "Reading the upload {FileName} failed", name);
            return (null, $"{name} could not be read; try attaching it again.");
        }
        if (ImagePolicy.CheckContent(name, bytes) is { } notAnImage)
        {
            return (null, notAnImage);
        }
        var image = new ImageAttachment(Guid.NewGuid(), ImagePolicy.SniffContentType(bytes)!, name, bytes);
        try
        {
            await store.SaveImageAsync(owner, image.Id, image.ContentType, image.FileName, image.Bytes, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A storage failure must not take the page down: the user keeps the draft and can try again.
            logger.LogWarning(ex, "Storing the upload {FileName} failed", name);
            return (null, $"{name} could not be saved right now; try attaching it again.");
        }
        return (image, null);
    }
}
