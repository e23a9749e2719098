using ChatApp.Configuration;
using ChatApp.Endpoints;

namespace ChatApp.Tests.Endpoints;

public sealed class RequestImageTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly UploadsOptions Limits = new() { MaxImageBytes = 64, MaxImagesPerMessage = 2 };

    private static string DataUrl(byte[] bytes, string type = "image/png") => $"data:{type};base64,{Convert.ToBase64String(bytes)}";

    [Fact]
    public void DataUrl_BecomesInlineImageContent_WithTheTypeSniffedFromTheBytes()
    {
        // The URL claims JPEG; the bytes are PNG, and the bytes win.
        var image = RequestImage.Parse(DataUrl(Png, "image/jpeg"), "image 1", Limits);

        Assert.Equal("image/png", image.MimeType);
        Assert.Equal(Png, image.Data!.Value.ToArray());
    }

    [Fact]
    public void HttpsUrl_IsPassedOnForTheProviderToFetch()
    {
        var image = RequestImage.Parse("https://example.com/cat.png", "image 1", Limits);

        Assert.Equal(new Uri("https://example.com/cat.png"), image.Uri);
        Assert.Null(image.Data);
    }

    [Fact]
    public void ImageAtExactlyTheLimit_IsAccepted()
    {
        var atLimit = Png.Concat(new byte[Limits.MaxImageBytes - Png.Length]).ToArray();

        Assert.Equal(Limits.MaxImageBytes, RequestImage.Parse(DataUrl(atLimit), "image 1", Limits).Data!.Value.Length);
    }

    [Theory]
    [InlineData(65, "at most")]
    [InlineData(100_000, "at most")]
    public void ImageOverTheLimit_IsRefused_NamingTheKey(int size, string words)
    {
        var large = Png.Concat(new byte[size - Png.Length]).ToArray();

        var error = Assert.Throws<ArgumentException>(() => RequestImage.Parse(DataUrl(large), "messages[0] image 1", Limits));

        Assert.Contains(words, error.Message);
        Assert.Contains("Chat:Uploads:MaxImageBytes", error.Message);
        Assert.StartsWith("messages[0] image 1", error.Message);
    }

    [Theory]
    [InlineData("data:image/png;base64,PHN2Zz48L3N2Zz4=", "not a PNG, JPEG, GIF or WebP")] // an SVG
    [InlineData("data:image/png;base64,not*base64", "not valid base64")]
    [InlineData("data:image/png,rawbytes", "must be base64")]
    [InlineData("data:image/png;base64,", "is empty")]
    [InlineData("file:///etc/passwd", "data: URL or an http(s) URL")]
    [InlineData("", "has no URL")]
    public void BadImage_IsAClearError(string url, string words)
    {
        var error = Assert.Throws<ArgumentException>(() => RequestImage.Parse(url, "image 1", Limits));

        Assert.Contains(words, error.Message);
    }
}
