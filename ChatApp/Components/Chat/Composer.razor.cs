using ChatApp.Conversations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace ChatApp.Components.Chat;

/// <summary>
/// The prompt box. Its collocated JS module turns Enter into "send the textarea's current value" (so a
/// fast typist never races the server's copy of the draft) and Esc into Stop; a pasted or dropped image
/// goes to the same file input as the attach button, so all three take one path (checked, stored, shown).
/// </summary>
public partial class Composer
{
    private readonly List<ImageAttachment> _attachments = [];
    private ElementReference _input;
    private ElementReference _root;
    private InputFile? _files;
    private string? _uploadError;
    private int _uploading;
    // The draft itself lives in the browser's textarea (see Composer.razor.js); the server knows only its state.
    private bool _draftBlank = true;
    private int _draftTooLong;
    private IJSObjectReference? _module;
    private IJSObjectReference? _keys;
    private DotNetObjectReference<Composer>? _self;

    [Parameter]
    public bool IsBusy { get; set; }

    /// <summary>The configured provider entries the model picker offers.</summary>
    [Parameter]
    public IReadOnlyList<Providers.ChatProvider> Providers { get; set; } = [];

    /// <summary>The provider entry chosen for the next message.</summary>
    [Parameter]
    public int ProviderIndex { get; set; }

    [Parameter]
    public EventCallback<int> ProviderIndexChanged { get; set; }

    /// <summary>JSON mode: the next answer is asked for as a JSON object and shown field by field.</summary>
    [Parameter]
    public bool Structured { get; set; }

    [Parameter]
    public EventCallback<bool> StructuredChanged { get; set; }

    private Task OnProviderChanged() => ProviderIndexChanged.InvokeAsync(ProviderIndex);

    /// <summary>The last prompt sent, which ↑ in an empty composer brings back for editing.</summary>
    [Parameter]
    public string? LastPrompt { get; set; }

    /// <summary>Whose images these are (the page's anonymous owner).</summary>
    [Parameter]
    public string Owner { get; set; } = "";

    /// <summary>Sends a prompt; false when it was refused (a limit): the draft and its images then stay in the composer.</summary>
    [Parameter]
    public Func<ComposerSubmission, Task<bool>>? OnSend { get; set; }

    [Parameter]
    public EventCallback OnStop { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Chat/Composer.razor.js");
            _keys = await _module.InvokeAsync<IJSObjectReference>("attach", _input, _self, _root, _files?.Element, MaxPromptChars);
            await OnReady.InvokeAsync(); // Enter now sends: until here a key press would reach no handler
        }
    }

    /// <summary>The composer's keys are attached: typing and Enter work from now on.</summary>
    [Parameter]
    public EventCallback OnReady { get; set; }

    private int MaxPromptChars => ChatOptions.Value.Limits.MaxPromptChars;

    /// <summary>
    /// Enter in the textarea: sends exactly what the browser shows. A short draft comes along with the call (one
    /// message, so the answer starts without another round trip); a long one is null here and read through a stream.
    /// </summary>
    [JSInvokable]
    public Task SubmitFromKeyboardAsync(string? shownDraft) => SubmitAsync(shownDraft);

    /// <summary>The draft became empty or not, or went over (or back under) the length limit.</summary>
    [JSInvokable]
    public void DraftChanged(bool blank, int tooLongBy)
    {
        _draftBlank = blank;
        _draftTooLong = tooLongBy;
        StateHasChanged();
    }

    /// <summary>↑ in an empty composer: edit the last prompt.</summary>
    [JSInvokable]
    public string? RecallLastPrompt() => LastPrompt;

    // The textarea's text, streamed in pieces (a long paste must not be one oversized message).
    private async Task<string> ReadDraftAsync()
    {
        // Blank (the browser said so, in order before this send): nothing to read, and an empty stream is no stream.
        if (_keys is null || _draftBlank)
        {
            return "";
        }
        var text = await _keys.InvokeAsync<IJSStreamReference>("readText");
        await using var stream = await text.OpenReadStreamAsync(maxAllowedSize: 4L * MaxPromptChars + 1024);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Esc anywhere on the page.</summary>
    [JSInvokable]
    public Task StopFromKeyboardAsync() => IsBusy ? OnStop.InvokeAsync() : Task.CompletedTask;

    private async Task SendClickedAsync()
    {
        await SubmitAsync();
        if (_keys is not null)
        {
            await _keys.InvokeVoidAsync("focus"); // focus returns to the composer after sending
        }
    }

    private async Task SubmitAsync(string? shownDraft = null)
    {
        var blank = shownDraft is null ? _draftBlank : string.IsNullOrWhiteSpace(shownDraft);
        if (IsBusy || _uploading > 0 || (blank && _attachments.Count == 0) || _draftTooLong > 0 || _keys is not { } keys)
        {
            return;
        }
        var draft = shownDraft ?? await ReadDraftAsync();
        if (draft.Length > MaxPromptChars)
        {
            _draftTooLong = draft.Length; // the draft stays; the note says why it was not sent
            StateHasChanged();
            return;
        }
        if (string.IsNullOrWhiteSpace(draft) && _attachments.Count == 0)
        {
            return;
        }
        var submission = new ComposerSubmission(draft.Trim(), _attachments.ToArray());
        _attachments.Clear();
        _uploadError = null;
        // The box empties at once, as the prompt appears above; the answer does not wait for the browser to say so.
        var cleared = keys.InvokeVoidAsync("clear").AsTask();
        bool sent;
        try
        {
            sent = OnSend is null || await OnSend(submission);
        }
        finally
        {
            await cleared;
        }
        if (!sent)
        {
            // Refused (a limit): nothing the user wrote or attached is lost.
            await keys.InvokeVoidAsync("setText", draft);
            _attachments.AddRange(submission.Images);
        }
        StateHasChanged();
    }

    /// <summary>Files from the attach button, a paste or a drop: each is checked and stored, or refused with a reason.</summary>
    private async Task OnFilesChosenAsync(InputFileChangeEventArgs e)
    {
        _uploadError = null;
        var errors = new List<string>();
        var files = e.GetMultipleFiles(maximumFileCount: 50);
        _uploading = files.Count;
        try
        {
            foreach (var file in files)
            {
                var (image, error) = await Uploads.AcceptAsync(Owner, file.Name, file.Size, max => file.OpenReadStream(max), _attachments.Count);
                _uploading--;
                if (image is not null)
                {
                    _attachments.Add(image);
                }
                else if (error is not null && !errors.Contains(error))
                {
                    errors.Add(error);
                }
                StateHasChanged(); // each thumbnail appears as soon as it is in
            }
        }
        finally
        {
            _uploading = 0; // whatever happened, Send is not left disabled
        }
        _uploadError = errors.Count > 0 ? string.Join(" ", errors) : null;
    }

    private void Remove(ImageAttachment image)
    {
        _attachments.Remove(image);
        _uploadError = null;
    }

    private Task StopAsync() => OnStop.InvokeAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_keys is not null)
            {
                await _keys.InvokeVoidAsync("dispose");
                await _keys.DisposeAsync();
            }
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is already gone; nothing to detach.
        }
        _self?.Dispose();
    }
}
