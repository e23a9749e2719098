using System.Text.Json.Nodes;
using ChatApp.Endpoints;
using Microsoft.SemanticKernel;

namespace ChatApp.Tests.Endpoints;

public sealed class ContentPartsTests
{
    private static readonly ImageContent Image = new(new byte[] { 1 }, "image/png");

    [Fact]
    public void TextPartsAreJoined_OtherPartsGoToTheApisRule_WithTheImagesBeforeThem()
    {
        var seen = new List<(string?, int)>();
        var (text, images) = ContentParts.Read((JsonArray)JsonNode.Parse("""
            [{"type":"text","text":"Look "},{"type":"img"},{"type":"step-start"},{"type":"text","text":"here"},{"type":"img"}]
            """)!, (type, _, before) =>
        {
            seen.Add((type, before));
            return type == "img" ? Image : null;
        });

        Assert.Equal("Look here", text);
        Assert.Equal(2, images.Count);
        Assert.Equal([("img", 0), ("step-start", 1), ("img", 1)], seen);
    }

    [Fact]
    public void APartTheApiCannotUse_StopsTheRead()
    {
        Assert.Throws<ArgumentException>(() => ContentParts.Read((JsonArray)JsonNode.Parse("""[{"type":"input_audio"}]""")!,
            (type, _, _) => throw new ArgumentException($"'{type}' is not supported")));
    }
}
