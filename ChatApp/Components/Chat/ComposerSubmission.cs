using ChatApp.Conversations;

namespace ChatApp.Components.Chat;

/// <summary>What the composer sends: the prompt and the images attached to it (either may be empty, not both).</summary>
public sealed record ComposerSubmission(string Prompt, IReadOnlyList<ImageAttachment> Images);
