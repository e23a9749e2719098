using System.Text;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;

namespace ChatApp.Endpoints;

/// <summary>A message's content parts as both HTTP APIs send them: text parts joined, every other part handed to the API's own rule.</summary>
public static class ContentParts
{
    /// <param name="otherPart">Given a part's type, the part and how many images came before it: its image,
    /// null to skip it, or an <see cref="ArgumentException"/> when the API cannot use it.</param>
    public static (string Text, IReadOnlyList<ImageContent> Images) Read(JsonArray parts, Func<string?, JsonNode, int, ImageContent?> otherPart)
    {
        var text = new StringBuilder();
        var images = new List<ImageContent>();
        foreach (var part in parts.OfType<JsonNode>())
        {
            var type = part["type"]?.GetValue<string>();
            if (type == "text")
            {
                text.Append(part["text"]?.GetValue<string>());
            }
            else if (otherPart(type, part, images.Count) is { } image)
            {
                images.Add(image);
            }
        }
        return (text.ToString(), images);
    }
}
