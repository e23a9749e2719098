namespace ChatApp.Streaming.Tools;

/// <summary>
/// The tool calls of one answer and their states. A call is created by its first streamed fragment,
/// grows its arguments while <see cref="ToolCallState.Running"/>, and ends once, as
/// <see cref="ToolCallState.Complete"/> or <see cref="ToolCallState.Error"/>: calls of one round run in
/// parallel and each ends when its own result arrives, in any order; an ended call never changes again.
/// Not thread-safe: the owning generation serialises access.
/// </summary>
public sealed class ToolCallBoard
{
    private readonly List<ToolCallView> _calls = [];

    public IReadOnlyList<ToolCallView> Calls => _calls;

    /// <summary>A streamed fragment of call <paramref name="index"/> in <paramref name="round"/>: its id, name and/or more argument text.</summary>
    /// <param name="textOffset">The answer's length now: where a new card stands.</param>
    /// <returns>Whether anything changed.</returns>
    public bool Stream(int round, int index, string? callId, string? name, string? argumentsFragment, int textOffset)
    {
        var position = _calls.FindIndex(c => c.Round == round && c.Index == index);
        if (position < 0)
        {
            _calls.Add(new ToolCallView(round, index, callId, name ?? "", argumentsFragment ?? "", ToolCallState.Running, null, textOffset));
            return true;
        }
        var call = _calls[position];
        if (call.State != ToolCallState.Running)
        {
            return false;
        }
        var updated = call with
        {
            CallId = call.CallId ?? callId,
            Name = call.Name.Length == 0 && !string.IsNullOrEmpty(name) ? name : call.Name,
            Arguments = call.Arguments + argumentsFragment,
        };
        if (updated == call)
        {
            return false;
        }
        _calls[position] = updated;
        return true;
    }

    /// <summary>The call ended with a result. Returns false when it had already ended (the first end wins).</summary>
    public bool Complete(int round, int index, string resultPreview) => End(round, index, ToolCallState.Complete, resultPreview);

    /// <summary>The call failed (unknown tool, bad arguments, the tool threw, not run). The first end wins.</summary>
    public bool Fail(int round, int index, string error) => End(round, index, ToolCallState.Error, error);

    /// <summary>Every call still running ends as an error (the answer stopped or failed around them).</summary>
    public bool FailRunning(string error)
    {
        var changed = false;
        for (var i = 0; i < _calls.Count; i++)
        {
            if (_calls[i].State == ToolCallState.Running)
            {
                _calls[i] = _calls[i] with { State = ToolCallState.Error, Result = error };
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>Restores calls read from storage.</summary>
    public void Load(IEnumerable<ToolCallView> calls) => _calls.AddRange(calls);

    private bool End(int round, int index, ToolCallState state, string result)
    {
        var position = _calls.FindIndex(c => c.Round == round && c.Index == index);
        if (position < 0 || _calls[position].State != ToolCallState.Running)
        {
            return false;
        }
        _calls[position] = _calls[position] with { State = state, Result = result };
        return true;
    }
}
