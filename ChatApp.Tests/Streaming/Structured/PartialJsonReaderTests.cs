using ChatApp.Streaming.Structured;

namespace ChatApp.Tests.Streaming.Structured;

public sealed class PartialJsonReaderTests
{
    private const string Product = """
        {"title": "Aurora Lamp", "summary": "A warm \"smart\" lamp\nfor desks.", "features": [{"title": "Dimmable", "detail": "10 levels"}, {"title": "USB-C"}], "pricing": {"monthly": 9.5, "currency": "EUR"}, "tags": ["home", "light"], "inStock": true, "discontinued": null}
        """;

    public static TheoryData<string> Samples() => new()
    {
        Product,
        """{"a": {"b": {"c": [1, 2, {"d": "deep"}]}}}""",
        """[{"x": "first"}, {"x": "second"}]""",
        "```json\n{\"fenced\": \"yes\"}\n```",
    };

    [Fact]
    public void Read_CompleteDocument_EveryLeafWithItsPath()
    {
        var fields = PartialJsonReader.Read(Product);

        Assert.Equal(
            ["title", "summary", "features[0].title", "features[0].detail", "features[1].title", "pricing.monthly", "pricing.currency", "tags[0]", "tags[1]", "inStock", "discontinued"],
            fields.Select(f => f.Path));
        Assert.All(fields, f => Assert.True(f.IsComplete));
        Assert.Equal("A warm \"smart\" lamp\nfor desks.", fields[1].Value);
        Assert.Equal("9.5", fields.Single(f => f.Path == "pricing.monthly").Value);
    }

    [Fact]
    public void Read_StringStillArriving_IsAPartialFieldThatGrows()
    {
        var fields = PartialJsonReader.Read("""{"title": "Aurora La""");

        var field = Assert.Single(fields);
        Assert.Equal("title", field.Path);
        Assert.Equal("Aurora La", field.Value);
        Assert.False(field.IsComplete);
    }

    [Fact]
    public void Read_ArrayItemsAppearOneByOne()
    {
        Assert.Equal(["features[0].title"], PartialJsonReader.Read("""{"features": [{"title": "Dimmable"}, {"ti""").Select(f => f.Path));
        Assert.Equal(["features[0].title", "features[1].title"], PartialJsonReader.Read("""{"features": [{"title": "Dimmable"}, {"title": "U""").Select(f => f.Path));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_SplitAtEveryPosition_CompleteFieldsNeverChange_PartialOnesArePrefixes(string json)
    {
        var final = PartialJsonReader.Read(json).ToDictionary(f => f.Path);
        Assert.All(final.Values, f => Assert.True(f.IsComplete));
        for (var cut = 0; cut <= json.Length; cut++)
        {
            var fields = PartialJsonReader.Read(json[..cut]);
            Assert.Equal(fields.Select(f => f.Path), final.Keys.Take(fields.Count));
            foreach (var field in fields)
            {
                if (field.IsComplete)
                {
                    Assert.Equal(final[field.Path].Value, field.Value);
                }
                else
                {
                    Assert.StartsWith(field.Value, final[field.Path].Value);
                }
            }
            Assert.True(fields.Count(f => !f.IsComplete) <= 1, $"more than one partial field at {cut}");
        }
    }

    [Theory]
    [InlineData("""{"title": "ok", }""")]
    [InlineData("""{"title": "unterminated""")]
    [InlineData("not json at all")]
    public void Validate_InvalidFinalJson_SaysSo(string json)
    {
        Assert.StartsWith("The answer is not valid JSON", PartialJsonReader.Validate(json));
    }

    [Fact]
    public void Validate_ValidJson_IsNull() => Assert.Null(PartialJsonReader.Validate(Product));
}
