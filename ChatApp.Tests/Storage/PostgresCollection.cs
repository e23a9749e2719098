namespace ChatApp.Tests.Storage;

/// <summary>One PostgreSQL server for every test that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
