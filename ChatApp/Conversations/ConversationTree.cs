namespace ChatApp.Conversations;

/// <summary>
/// The messages of a conversation as a tree: editing a prompt adds a sibling (a new branch) and the old
/// branch stays reachable. What the page shows is one path from the root, following each node's selected
/// child. Plain C#, no storage: the session persists the parent and selection of each message.
/// </summary>
public sealed class ConversationTree
{
    private readonly Dictionary<Guid, Node> _nodes = [];
    private readonly Node _root = new(null, null);

    private sealed class Node(ChatMessage? message, Node? parent)
    {
        public ChatMessage? Message { get; } = message;
        public Node? Parent { get; } = parent;
        public List<Node> Children { get; } = [];
        public int Selected { get; set; }
    }

    /// <summary>The messages shown: from the root down the selected children.</summary>
    public IReadOnlyList<ChatMessage> VisiblePath()
    {
        var path = new List<ChatMessage>();
        for (var node = _root; node.Children.Count > 0;)
        {
            node = node.Children[node.Selected];
            path.Add(node.Message!);
        }
        return path;
    }

    /// <summary>Adds a message after <paramref name="parent"/> (null: at the top) and selects it.</summary>
    public void Add(ChatMessage message, Guid? parent)
    {
        var parentNode = parent is { } id ? _nodes[id] : _root;
        var node = new Node(message, parentNode);
        parentNode.Children.Add(node);
        parentNode.Selected = parentNode.Children.Count - 1;
        _nodes[message.Id] = node;
    }

    /// <summary>Appends to the end of the visible path.</summary>
    public void Append(ChatMessage message) => Add(message, VisiblePath().LastOrDefault()?.Id);

    public Guid? ParentOf(Guid message) => _nodes[message].Parent?.Message?.Id;

    /// <summary>The id of the child shown after this message (null at the end, or for the top).</summary>
    public Guid? SelectedChildOf(Guid? message)
    {
        var node = message is { } id ? _nodes[id] : _root;
        return node.Children.Count == 0 ? null : node.Children[node.Selected].Message!.Id;
    }

    /// <summary>How many alternatives this message has (itself included) and which one it is.</summary>
    public (int Index, int Count) SiblingPosition(Guid message)
    {
        var node = _nodes[message];
        var siblings = node.Parent!.Children;
        return (siblings.IndexOf(node), siblings.Count);
    }

    /// <summary>Shows the sibling at <paramref name="index"/> instead of this message (and that branch's continuation).</summary>
    public ChatMessage SelectSibling(Guid message, int index)
    {
        var parent = _nodes[message].Parent!;
        parent.Selected = Math.Clamp(index, 0, parent.Children.Count - 1);
        return parent.Children[parent.Selected].Message!;
    }

    /// <summary>Selects a child (when rebuilding from storage).</summary>
    public void Select(Guid? parent, Guid child)
    {
        var node = parent is { } id ? _nodes[id] : _root;
        var index = node.Children.FindIndex(c => c.Message!.Id == child);
        if (index >= 0)
        {
            node.Selected = index;
        }
    }

    public bool Contains(Guid message) => _nodes.ContainsKey(message);

    /// <summary>Every message in every branch.</summary>
    public IEnumerable<ChatMessage> All => _nodes.Values.Select(n => n.Message!);
}
