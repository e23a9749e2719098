using Microsoft.EntityFrameworkCore;

namespace ChatApp.Storage;

/// <summary>Hands out the provider-specific context as the shared <see cref="ChatDbContext"/> the store uses.</summary>
public sealed class ChatDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ChatDbContext>
    where TContext : ChatDbContext
{
    public ChatDbContext CreateDbContext() => inner.CreateDbContext();
}
