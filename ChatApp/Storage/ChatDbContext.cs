using Microsoft.EntityFrameworkCore;

namespace ChatApp.Storage;

/// <summary>Conversation history (EF Core; SQLite by default, PostgreSQL with <see cref="PostgresChatDbContext"/>).</summary>
public class ChatDbContext : DbContext
{
    public ChatDbContext(DbContextOptions<ChatDbContext> options) : base(options)
    {
    }

    /// <summary>For provider-specific subclasses, which carry their own migrations.</summary>
    protected ChatDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<ConversationEntity> Conversations => Set<ConversationEntity>();

    public DbSet<MessageEntity> Messages => Set<MessageEntity>();

    public DbSet<AttemptEntity> Attempts => Set<AttemptEntity>();

    public DbSet<ImageEntity> Images => Set<ImageEntity>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ConversationEntity>(conversation =>
        {
            conversation.HasIndex(c => new { c.OwnerId, c.UpdatedAt });
            // Deleted conversations are invisible everywhere (undo clears DeletedAt).
            conversation.HasQueryFilter(c => c.DeletedAt == null);
            conversation.Property(c => c.OwnerId).HasMaxLength(64);
            conversation.Property(c => c.Title).HasMaxLength(200);
            conversation.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<MessageEntity>(message =>
        {
            message.HasIndex(m => new { m.ConversationId, m.Position });
            message.Property(m => m.Role).HasMaxLength(16);
            message.HasMany(m => m.Attempts).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
            message.HasMany(m => m.Images).WithOne().HasForeignKey(i => i.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AttemptEntity>(attempt =>
        {
            // Checked on update: a checkpoint read while the answer ran is not written over an outcome stored since.
            attempt.Property(a => a.Status).HasMaxLength(16).IsConcurrencyToken();
            attempt.HasIndex(a => a.Status);
            // Typed status columns, stored by name so a row reads plainly and an enum's order can change.
            attempt.Property(a => a.StopReason).HasConversion<string>().HasMaxLength(32);
            attempt.Property(a => a.FailureKind).HasConversion<string>().HasMaxLength(32);
        });
        model.Entity<ImageEntity>(image =>
        {
            image.HasIndex(i => new { i.OwnerId, i.MessageId });
            image.Property(i => i.OwnerId).HasMaxLength(64);
            image.Property(i => i.ContentType).HasMaxLength(32);
            image.Property(i => i.FileName).HasMaxLength(255);
        });
        // SQLite cannot order by DateTimeOffset: store UTC ticks.
        foreach (var property in model.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
        {
            property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter());
        }
    }
}
