using System.Text;
using ChatApp.Identity;
using ChatApp.Storage;
using ChatApp.Streaming.Tools;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>GET /api/conversations/{id}/export.md</c> and <c>.json</c>: a conversation of the requesting browser
/// (its identity cookie), as Markdown or JSON. Anyone else's id is a 404.
/// </summary>
public static class ConversationExportEndpoint
{
    public static async Task<IResult> HandleAsync(Guid id, string format, HttpContext context, AnonymousIdentity identity, ConversationStore store)
    {
        var conversation = await store.LoadAsync(identity.GetOrIssue(context), id, context.RequestAborted);
        if (conversation is null)
        {
            return Results.NotFound();
        }
        var fileName = $"{Slug(conversation.Title)}.{format}";
        return format switch
        {
            "md" => Results.File(Encoding.UTF8.GetBytes(ToMarkdown(conversation)), "text/markdown; charset=utf-8", fileName),
            "json" => Results.File(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(ToJson(conversation), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true })),
                "application/json; charset=utf-8", fileName),
            _ => Results.BadRequest(new { error = "format must be md or json" }),
        };
    }

    public static string ToMarkdown(ConversationEntity conversation)
    {
        var text = new StringBuilder($"# {conversation.Title}\n\n");
        foreach (var message in ShownBranch(conversation))
        {
            if (message.Role == "user")
            {
                text.Append("**You:**\n\n");
                foreach (var image in message.Images)
                {
                    text.Append($"![{image.FileName}](/images/{image.Id})\n\n");
                }
                text.Append(message.Content).Append("\n\n");
                continue;
            }
            var attempt = message.Attempts.ElementAtOrDefault(message.SelectedAttempt) ?? message.Attempts.LastOrDefault();
            text.Append($"**{attempt?.Provider ?? "Assistant"}:**\n\n").Append(attempt?.Content).Append("\n\n");
            if (attempt is { Status: not "complete" })
            {
                text.Append($"_({attempt.Status}{(attempt.ErrorMessage is { } error ? $": {error}" : "")})_\n\n");
            }
        }
        return text.ToString();
    }

    private static object ToJson(ConversationEntity conversation) => new
    {
        conversation.Id,
        conversation.Title,
        conversation.CreatedAt,
        conversation.UpdatedAt,
        // The branch shown; every message (all branches) is listed under "allMessages" with its parent.
        Messages = ShownBranch(conversation).Select(m => m.Id),
        AllMessages = conversation.Messages.Select(m => new
        {
            m.Id,
            m.ParentId,
            m.Role,
            m.Content,
            m.SelectedAttempt,
            Images = m.Images.Select(i => new { i.Id, i.FileName, i.ContentType, Url = $"/images/{i.Id}" }),
            Attempts = m.Attempts.Select(a => new
            {
                a.Id, a.Number, a.Content, a.Status, StopReason = a.StopReason?.ToString(), FailureKind = a.FailureKind?.ToString(), a.ErrorMessage, a.Provider, a.TimeToFirstTokenMs, a.DurationMs, Tokens = a.Deltas,
                ToolCalls = Storage.AttemptMapping.ToolCallsOf(a).Select(c => new { c.Name, c.Arguments, State = c.State.ToContractValue(), c.Result }),
            }),
        }),
    };

    /// <summary>The messages on the selected branch, first to last (edited prompts branch off).</summary>
    public static IEnumerable<MessageEntity> ShownBranch(ConversationEntity conversation)
    {
        var byParent = conversation.Messages.ToLookup(m => m.ParentId);
        var node = conversation.Messages.FirstOrDefault(m => m.Id == conversation.SelectedRootId) ?? byParent[null].LastOrDefault();
        while (node is not null)
        {
            yield return node;
            var children = byParent[node.Id];
            node = children.FirstOrDefault(c => c.Id == node.SelectedChildId) ?? children.LastOrDefault();
        }
    }

    private static string Slug(string title)
    {
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        return slug.Length == 0 ? "conversation" : slug.Length > 60 ? slug[..60] : slug;
    }
}
