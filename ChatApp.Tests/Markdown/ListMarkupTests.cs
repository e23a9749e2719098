using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class ListMarkupTests
{
    [Fact]
    public void TightList_SplitsIntoItsItems()
    {
        var list = ListMarkup.TrySplit(ChatMarkdown.ToHtml("- one\n- two *2*\n- three\n"))!;

        Assert.Equal("ul", list.Tag);
        Assert.Empty(list.Attributes);
        Assert.Equal(["<li>one</li>", "<li>two <em>2</em></li>", "<li>three</li>"], list.Items);
    }

    [Fact]
    public void OrderedListStartingLater_KeepsItsStartAttribute()
    {
        var list = ListMarkup.TrySplit(ChatMarkdown.ToHtml("3. three\n4. four\n"))!;

        Assert.Equal("ol", list.Tag);
        Assert.Equal(new KeyValuePair<string, object>("start", "3"), Assert.Single(list.Attributes));
        Assert.Equal(2, list.Items.Count);
    }

    [Fact]
    public void NestedListsAndCode_StayInsideTheirTopLevelItem()
    {
        var html = ChatMarkdown.ToHtml("- outer\n  - inner a\n  - inner b\n- second\n\n  ```\n  <li>not a tag</li>\n  ```\n");

        var list = ListMarkup.TrySplit(html)!;

        Assert.Equal(2, list.Items.Count);
        Assert.Contains("inner b", list.Items[0]);
        Assert.Contains("&lt;li&gt;not a tag&lt;/li&gt;", list.Items[1]);
        Assert.Equal(html.Replace("\n", ""), $"<ul>{string.Concat(list.Items)}</ul>".Replace("\n", ""));
    }

    [Fact]
    public void TaskList_KeepsItsClass()
    {
        var list = ListMarkup.TrySplit(ChatMarkdown.ToHtml("- [ ] open\n- [x] done\n"))!;

        Assert.Contains(list.Attributes, a => a.Key == "class" && (string)a.Value == "contains-task-list");
    }

    [Fact]
    public void CursorInTheLastItem_StaysInTheLastItem()
    {
        var list = ListMarkup.TrySplit(StreamCursor.AppendTo(ChatMarkdown.ToHtml("- one\n- tw\n")))!;

        Assert.DoesNotContain("stream-cursor", list.Items[0]);
        Assert.Contains("stream-cursor", list.Items[1]);
    }

    [Fact]
    public void EveryListBlockOfEveryFrame_SplitsIntoItemsThatMakeUpTheSameMarkup()
    {
        var lists = 0;
        foreach (var text in MarkdownCorpus.RandomDocuments(150, seed: 11).Concat(MarkdownCorpus.LongAnswers()))
        {
            var renderer = new IncrementalMarkdownRenderer();
            for (var at = 0; at < text.Length; at += 7)
            {
                renderer.Append(text.Substring(at, Math.Min(7, text.Length - at)));
                foreach (var block in renderer.Render())
                {
                    var html = StreamCursor.AppendTo(block.Html);
                    if (ListMarkup.TrySplit(html) is not { } list)
                    {
                        continue;
                    }
                    lists++;
                    var attributes = string.Concat(list.Attributes.Select(a => $" {a.Key}=\"{a.Value}\""));
                    Assert.Equal(html.Replace("\n", ""), $"<{list.Tag}{attributes}>{string.Concat(list.Items)}</{list.Tag}>".Replace("\n", ""));
                }
            }
        }
        Assert.True(lists > 100, $"only {lists} lists were split");
    }

    [Theory]
    [InlineData("A paragraph.\n")]
    [InlineData("- a list\n\nthen a paragraph\n")]
    [InlineData("- one list\n\n1. then another\n")]
    [InlineData("")]
    public void AnythingButExactlyOneList_IsNotSplit(string markdown)
    {
        Assert.Null(ListMarkup.TrySplit(ChatMarkdown.ToHtml(markdown)));
    }
}
