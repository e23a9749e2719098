namespace ChatApp.Storage;

/// <summary>An uploaded image: stored when attached, linked to its prompt when sent, served only to its owner.</summary>
public sealed class ImageEntity
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The prompt it was sent with; null while it is only attached in the composer.</summary>
    public Guid? MessageId { get; set; }

    public required string ContentType { get; set; }

    public required string FileName { get; set; }

    public required byte[] Bytes { get; set; }

    /// <summary>Its position among the prompt's images.</summary>
    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
