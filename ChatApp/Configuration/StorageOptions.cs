namespace ChatApp.Configuration;

/// <summary><c>Chat:Storage</c>: where conversations are kept.</summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>EF Core connection string; default for SQLite: a file in the app's data folder. Required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder for the SQLite file and the data-protection keys (relative to the content root).</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>A streaming answer is written at most this often (and at its outcome).</summary>
    public int CheckpointIntervalMs { get; set; } = 1000;
}
