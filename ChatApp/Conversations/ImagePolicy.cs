using System.Globalization;
using ChatApp.Configuration;

namespace ChatApp.Conversations;

/// <summary>
/// Which uploads are images we accept. The type is read from the file's first bytes, not from its name or
/// the browser's claim, so a renamed text file (or an SVG, which can carry script) is refused.
/// </summary>
public static class ImagePolicy
{
    public const string Accept = "image/png,image/jpeg,image/gif,image/webp";

    /// <summary>The image type the bytes start with, or null when they are not PNG, JPEG, GIF or WebP.</summary>
    public static string? SniffContentType(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    /// <summary>A clear sentence when the file is too large to accept, before reading it (null: fine).</summary>
    public static string? CheckSize(string fileName, long size, UploadsOptions options) =>
        size > options.MaxImageBytes
            ? $"{fileName} is {Megabytes(size)}; images can be at most {Megabytes(options.MaxImageBytes)} (Chat:Uploads:MaxImageBytes)."
            : size == 0 ? $"{fileName} is empty." : null;

    /// <summary>A clear sentence when the bytes are not an accepted image (null: fine).</summary>
    public static string? CheckContent(string fileName, ReadOnlySpan<byte> bytes) =>
        SniffContentType(bytes) is null ? $"{fileName} is not a PNG, JPEG, GIF or WebP image." : null;

    /// <summary>A clear sentence when one more image would be too many (null: fine).</summary>
    public static string? CheckCount(int alreadyAttached, UploadsOptions options) =>
        alreadyAttached >= options.MaxImagesPerMessage
            ? $"At most {options.MaxImagesPerMessage} images per message (Chat:Uploads:MaxImagesPerMessage)."
            : null;

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");
}
