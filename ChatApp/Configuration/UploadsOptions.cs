namespace ChatApp.Configuration;

/// <summary><c>Chat:Uploads</c>: images attached to a prompt.</summary>
public sealed class UploadsOptions
{
    /// <summary>The largest image accepted, in bytes.</summary>
    public int MaxImageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>At most this many images per prompt.</summary>
    public int MaxImagesPerMessage { get; set; } = 4;
}
