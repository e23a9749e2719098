using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatApp.Storage;

/// <summary>The same model on PostgreSQL (<c>Chat:Storage:Provider=postgres</c>), with its own migrations folder.</summary>
public sealed class PostgresChatDbContext(DbContextOptions<PostgresChatDbContext> options) : ChatDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresChatDbContext</c> build the context without a server.</summary>
public sealed class DesignTimePostgresChatDbContextFactory : IDesignTimeDbContextFactory<PostgresChatDbContext>
{
    public PostgresChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresChatDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
