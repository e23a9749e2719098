namespace ChatApp.Streaming.Tools;

/// <summary>
/// The tool calls of one answer and their states. A call is created by its first streamed fragment,
/// grows its arguments while <see cref="ToolCallState.Running"/>, and ends once, as
/// <see cref="ToolCallState.Complete"/> or <see cref="ToolCallState.Error"/>: calls of one round run in
/// parallel and each ends when its own result arrives, in any order; an ended call never changes again.
/// Copy-on-write: <see cref="Calls"/> is a new list after every change and never changes itself, so
/// snapshots share it and a frame sees "the cards changed" as a different reference.
/// Not thread-safe: the owning generation serialises access.
/// </summary>
public sealed class ToolCallBoard
{
    private ToolCallView[] _calls = Array.Empty<ToolCallView>(); // the same empty list as a snapshot without calls

    public IReadOnlyList<ToolCallView> Calls => _calls;

    /// <summary>A streamed fragment of call <paramref name="index"/> in <paramref name="round"/>: its id, name and/or more argument text.</summary>
    /// <param name="textOffset">The answer's length now: where a new card stands.</param>
    /// <returns>Whether anything changed.</returns>
    public bool Stream(int round, int index, string? callId, string? name, string? argumentsFragment, int textOffset)
    {
        var position = Array.FindIndex(_calls, c => c.Round == round && c.Index == index);
        if (position < 0)
        {
            _calls = [.. _calls, new ToolCallView(round, index, callId, name ?? "", argumentsFragment ?? "", ToolCallState.Running, null, textOffset)];
            return true;
        }
        var call = _calls[position];
        if (call.State != ToolCallState.Running)
        {
            return false;
        }
        return Replace(position, call with
        {
            CallId = call.CallId ?? callId,
            Name = call.Name.Length == 0 && !string.IsNullOrEmpty(name) ? name : call.Name,
            Arguments = call.Arguments + argumentsFragment,
        });
    }

    /// <summary>The call ended with a result. Returns false when it had already ended (the first end wins).</summary>
    public bool Complete(int round, int index, string resultPreview) => End(round, index, ToolCallState.Complete, resultPreview);

    /// <summary>The call failed (unknown tool, bad arguments, the tool threw, not run). The first end wins.</summary>
    public bool Fail(int round, int index, string error) => End(round, index, ToolCallState.Error, error);

    /// <summary>Every call still running ends as an error (the answer stopped or failed around them).</summary>
    public bool FailRunning(string error)
    {
        if (!_calls.Any(c => c.State == ToolCallState.Running))
        {
            return false;
        }
        _calls = _calls.Select(c => c.State == ToolCallState.Running ? c with { State = ToolCallState.Error, Result = error } : c).ToArray();
        return true;
    }

    /// <summary>Restores calls read from storage (or carried over by a continue).</summary>
    public void Load(IEnumerable<ToolCallView> calls)
    {
        var loaded = calls.ToArray();
        if (loaded.Length > 0)
        {
            _calls = [.. _calls, .. loaded];
        }
    }

    private bool End(int round, int index, ToolCallState state, string result)
    {
        var position = Array.FindIndex(_calls, c => c.Round == round && c.Index == index);
        return position >= 0 && _calls[position].State == ToolCallState.Running
            && Replace(position, _calls[position] with { State = state, Result = result });
    }

    /// <summary>A card as another instance's log has it now (a mirrored answer): replaces the card of its round and index, or adds it.</summary>
    public void Put(ToolCallView call)
    {
        var position = Array.FindIndex(_calls, c => c.Round == call.Round && c.Index == call.Index);
        if (position < 0)
        {
            _calls = [.. _calls, call];
            return;
        }
        Replace(position, call);
    }

    private bool Replace(int position, ToolCallView updated)
    {
        if (updated == _calls[position])
        {
            return false;
        }
        var copy = (ToolCallView[])_calls.Clone();
        copy[position] = updated;
        _calls = copy;
        return true;
    }
}
