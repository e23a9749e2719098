#pragma warning disable BL0006 // Reading render batches is the point: the tests assert which DOM edits a frame makes.
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatApp.Tests.TestSupport;

/// <summary>One DOM edit a render sent to the browser, with the frame it carries (if any).</summary>
public sealed record RecordedEdit(RenderTreeEditType Type, RenderTreeFrameType? FrameType, string? ElementName, string? Text);

/// <summary>
/// A Blazor renderer that keeps the edits of each batch instead of sending them to a browser: what Blazor Server
/// would put on the wire, so tests can prove a frame appends nodes rather than re-creating them.
/// </summary>
public sealed class EditRecordingRenderer() : Renderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance)
{
    public List<List<RecordedEdit>> Batches { get; } = [];

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    /// <summary>Renders <typeparamref name="T"/> as a root component with these parameters, then again on each call.</summary>
    public async Task<int> RenderAsync<T>(int? componentId, IDictionary<string, object?> parameters) where T : IComponent
    {
        return await Dispatcher.InvokeAsync(async () =>
        {
            var id = componentId ?? AssignRootComponentId((IComponent)Activator.CreateInstance(typeof(T))!);
            await RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters));
            return id;
        });
    }

    protected override void HandleException(Exception exception) => throw exception;

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        var edits = new List<RecordedEdit>();
        for (var d = 0; d < renderBatch.UpdatedComponents.Count; d++)
        {
            var diff = renderBatch.UpdatedComponents.Array[d];
            for (var e = 0; e < diff.Edits.Count; e++)
            {
                var edit = diff.Edits.Array[e];
                RenderTreeFrame? frame = edit.Type is RenderTreeEditType.PrependFrame or RenderTreeEditType.UpdateText or RenderTreeEditType.UpdateMarkup
                    ? renderBatch.ReferenceFrames.Array[edit.ReferenceFrameIndex]
                    : null;
                edits.Add(new RecordedEdit(edit.Type, frame?.FrameType,
                    frame?.FrameType == RenderTreeFrameType.Element ? frame.Value.ElementName : null,
                    frame?.FrameType switch
                    {
                        RenderTreeFrameType.Text => frame.Value.TextContent,
                        RenderTreeFrameType.Markup => frame.Value.MarkupContent,
                        _ => null,
                    }));
            }
        }
        Batches.Add(edits);
        return Task.CompletedTask;
    }
}
