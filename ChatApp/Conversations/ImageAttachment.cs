namespace ChatApp.Conversations;

/// <summary>An image attached to a prompt: stored on upload, served to its owner at <c>/images/{Id}</c>, and sent to the model as image content.</summary>
/// <param name="ContentType">Sniffed from the bytes (never the browser's claim): image/png, image/jpeg, image/gif or image/webp.</param>
public sealed record ImageAttachment(Guid Id, string ContentType, string FileName, byte[] Bytes)
{
    public string Url => $"/images/{Id}";
}
