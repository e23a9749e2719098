using ChatApp.Storage;
using ChatApp.Tests.ScaleOut;
using ChatApp.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// ChatApp scaled out as an operator runs it, all on loopback: PostgreSQL and Redis servers, two app processes
/// sharing them (A and B), nginx in front running the README's example, and a fake OpenAI-compatible provider
/// streaming numbered tokens <c>t0001 … t0600</c> (a continue gets the tokens after the last one it was given).
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    public const int TokenCount = 600;

    private readonly PostgresServer _postgres = new();
    private readonly List<AppProcess> _instances = [];

    public RedisServer Redis { get; } = new();

    public FakeOpenAiServer Provider { get; } = new(Tokens(1), TimeSpan.FromMilliseconds(12));

    public string ConnectionString { get; private set; } = "";

    public AppProcess A { get; private set; } = null!;

    public string AUrl { get; private set; } = "";

    public AppProcess B { get; private set; } = null!;

    public string BUrl { get; private set; } = "";

    public NginxServer Nginx { get; private set; } = null!;

    /// <summary>Where a held answer waits (see <see cref="HoldNewAnswers"/>).</summary>
    public const int HeldAt = 40;

    private TaskCompletionSource? _hold;

    /// <summary>
    /// New answers stop after <c>t0040</c> until <see cref="ReleaseAnswers"/>: a second browser opened meanwhile
    /// joins a running answer however long it took to open (the whole answer streams in ~7 s).
    /// </summary>
    public void HoldNewAnswers() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseAnswers()
    {
        _hold?.TrySetResult();
        _hold = null;
    }

    /// <summary>Tokens <c>t{from:0000} </c> to <c>t0600 </c>.</summary>
    public static string[] Tokens(int from) => Enumerable.Range(from, TokenCount - from + 1).Select(i => $"t{i:0000} ").ToArray();

    /// <summary>The whole answer as a page shows it (words separated by single spaces).</summary>
    public static string WholeAnswer => string.Join(' ', Tokens(1).Select(t => t.Trim()));

    public async Task InitializeAsync()
    {
        Provider.Respond = request => request.LastAssistantMessage is { } prefix
            ? new FakeResponse(Tokens(LastToken(prefix) + 1))
            : new FakeResponse(Tokens(1), HoldAfter: _hold is { } hold ? (HeldAt - 1, hold.Task) : null);
        await Task.WhenAll(_postgres.InitializeAsync(), Redis.InitializeAsync(), Provider.StartAsync());
        ConnectionString = await _postgres.CreateEmptyDatabaseAsync();
        // One after the other: the first migrates the database.
        (A, AUrl) = await StartInstanceAsync();
        (B, BUrl) = await StartInstanceAsync();
        Nginx = await NginxServer.StartAsync([AUrl, BUrl]);
    }

    private static int LastToken(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.TryParse(t.AsSpan(1), out var n) ? n : 0).DefaultIfEmpty(0).Max();

    /// <summary>Another instance on the same PostgreSQL and Redis (for tests that kill or pause one), or on a Redis of its own.</summary>
    public async Task<(AppProcess Process, string Url)> StartInstanceAsync(RedisServer? redis = null)
    {
        var instance = AppProcess.Start(new Dictionary<string, string>
        {
            ["Chat__Storage__Provider"] = "postgres",
            ["Chat__Storage__ConnectionString"] = ConnectionString,
            ["Chat__ScaleOut__Redis"] = (redis ?? Redis).Configuration,
            ["Chat__ScaleOut__LeaseSeconds"] = "2",
            ["Chat__ScaleOut__SweepSeconds"] = "0.5",
            ["Chat__Providers__0__Name"] = "Fake GPT",
            ["Chat__Providers__0__Kind"] = "openai",
            ["Chat__Providers__0__Endpoint"] = Provider.Endpoint,
            ["Chat__Providers__0__Model"] = "fake-model",
            // Timestamps make the logs of A and B readable side by side when a test fails (see Diagnostics). The
            // formatter's own key (Logging:Console:FormatterOptions) is not applied when the output is redirected.
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
        });
        lock (_instances)
        {
            _instances.Add(instance);
        }
        try
        {
            return (instance, await instance.ListeningAsync(TimeSpan.FromSeconds(60)));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The instance did not start: {instance.StandardError}\n{instance.StandardOutput}", ex);
        }
    }

    /// <summary>The stored attempts of a conversation's answers, in order (what the database holds).</summary>
    public async Task<List<AttemptEntity>> StoredAnswersAsync(Guid conversationId)
    {
        await using var db = PostgresServer.Factory(ConnectionString).CreateDbContext();
        return await db.Messages.Where(m => m.ConversationId == conversationId && m.Role == "assistant")
            .OrderBy(m => m.Position).SelectMany(m => db.Attempts.Where(a => a.MessageId == m.Id).OrderBy(a => a.Number)).ToListAsync();
    }

    /// <summary>
    /// What a failing test needs to see: each instance's recent log lines and what every PostgreSQL session is
    /// doing (state, wait event, transaction and query age, query), since the tests keep no logs of their own.
    /// </summary>
    public async Task<string> DiagnosticsAsync()
    {
        var report = new System.Text.StringBuilder();
        List<AppProcess> instances;
        lock (_instances)
        {
            instances = [.. _instances];
        }
        for (var i = 0; i < instances.Count; i++)
        {
            report.AppendLine($"--- instance {i} ({(i == 0 ? "A" : i == 1 ? "B" : "extra")}), last log lines:");
            report.AppendLine(Tail(instances[i].StandardOutput + instances[i].StandardError, 60));
        }
        report.AppendLine("--- pg_stat_activity:");
        try
        {
            await using var db = PostgresServer.Factory(ConnectionString).CreateDbContext();
            var sessions = await db.Database.SqlQueryRaw<string>(
                "SELECT concat_ws(' | ', pid, application_name, state, wait_event_type, wait_event, " +
                "now() - xact_start, now() - query_start, left(query, 160)) AS \"Value\" " +
                "FROM pg_stat_activity WHERE datname = current_database()").ToListAsync();
            report.AppendLine(string.Join('\n', sessions));
        }
        catch (Exception ex)
        {
            report.AppendLine($"(could not query: {ex.Message})");
        }
        return report.ToString();
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await Provider.DisposeAsync();
        await Redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
