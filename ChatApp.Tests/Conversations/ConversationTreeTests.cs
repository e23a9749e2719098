using ChatApp.Conversations;

namespace ChatApp.Tests.Conversations;

public sealed class ConversationTreeTests
{
    private readonly ConversationTree _tree = new();

    private ChatMessage Append(string text)
    {
        var message = ChatMessage.FromUser(text);
        _tree.Append(message);
        return message;
    }

    private string Path() => string.Join(" > ", _tree.VisiblePath().Select(m => m.Text));

    [Fact]
    public void Append_BuildsOnePath()
    {
        Append("a");
        Append("b");
        Append("c");

        Assert.Equal("a > b > c", Path());
    }

    [Fact]
    public void EditingAPrompt_AddsASiblingBranch_AndShowsIt()
    {
        var a = Append("a");
        var b = Append("b");
        Append("b-answer");

        var edited = ChatMessage.FromUser("b edited");
        _tree.Add(edited, _tree.ParentOf(b.Id));
        Append("edited-answer");

        Assert.Equal("a > b edited > edited-answer", Path());
        Assert.Equal((1, 2), _tree.SiblingPosition(edited.Id));
        Assert.Equal((0, 2), _tree.SiblingPosition(b.Id));
        Assert.Equal(a.Id, _tree.ParentOf(edited.Id));
    }

    [Fact]
    public void SelectSibling_ShowsTheOtherBranchWithItsOwnContinuation()
    {
        Append("a");
        var b = Append("b");
        Append("b-answer");
        var edited = ChatMessage.FromUser("b2");
        _tree.Add(edited, _tree.ParentOf(b.Id));
        Append("b2-answer");

        _tree.SelectSibling(edited.Id, 0);
        Assert.Equal("a > b > b-answer", Path());

        _tree.SelectSibling(b.Id, 1);
        Assert.Equal("a > b2 > b2-answer", Path());
    }

    [Fact]
    public void EditingTheFirstPrompt_BranchesAtTheTop()
    {
        var first = Append("first");
        Append("answer");
        var edited = ChatMessage.FromUser("first again");
        _tree.Add(edited, _tree.ParentOf(first.Id));

        Assert.Null(_tree.ParentOf(first.Id));
        Assert.Equal("first again", Path());
        Assert.Equal(edited.Id, _tree.SelectedChildOf(null));
        _tree.Select(null, first.Id);
        Assert.Equal("first > answer", Path());
    }
}
