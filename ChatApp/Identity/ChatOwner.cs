namespace ChatApp.Identity;

/// <summary>The anonymous owner of the page's conversations, cascaded from the request to the interactive components.</summary>
public sealed record ChatOwner(string Id);
