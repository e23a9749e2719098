using ChatApp.Configuration;
using ChatApp.Conversations;

namespace ChatApp.Tests.Conversations;

public sealed class ImagePolicyTests
{
    private static readonly UploadsOptions Limits = new() { MaxImageBytes = 5 * 1024 * 1024, MaxImagesPerMessage = 4 };

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    public void Sniff_KnowsEachAcceptedTypeByItsBytes(byte[] head, string expected) =>
        Assert.Equal(expected, ImagePolicy.SniffContentType(head));

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("just text named .png")]
    [InlineData("RIFF1234WAVE")]
    [InlineData("")]
    public void NotAnAcceptedImage_IsRefused_ByItsBytesNotItsName(string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);

        Assert.Null(ImagePolicy.SniffContentType(bytes));
        Assert.Equal("photo.png is not a PNG, JPEG, GIF or WebP image.", ImagePolicy.CheckContent("photo.png", bytes));
    }

    [Fact]
    public void TooLarge_SaysTheSizeTheLimitAndTheKey()
    {
        Assert.Equal("big.png is 7.5 MB; images can be at most 5 MB (Chat:Uploads:MaxImageBytes).",
            ImagePolicy.CheckSize("big.png", (long)(7.5 * 1024 * 1024), Limits));
        Assert.Null(ImagePolicy.CheckSize("ok.png", 5 * 1024 * 1024, Limits));
        Assert.Equal("none.png is empty.", ImagePolicy.CheckSize("none.png", 0, Limits));
    }

    [Fact]
    public void OneTooMany_SaysTheLimitAndTheKey()
    {
        Assert.Null(ImagePolicy.CheckCount(3, Limits));
        Assert.Equal("At most 4 images per message (Chat:Uploads:MaxImagesPerMessage).", ImagePolicy.CheckCount(4, Limits));
    }
}
