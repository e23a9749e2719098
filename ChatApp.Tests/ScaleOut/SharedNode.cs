using ChatApp.Configuration;
using ChatApp.ScaleOut;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ChatApp.Tests.ScaleOut;

/// <summary>
/// One instance's scale-out services, as the app wires them, over a real Redis server and (optionally) a store:
/// its registry produces answers, its mirrors follow other instances' answers, its sweeper takes over orphans.
/// </summary>
public sealed class SharedNode : IAsyncDisposable
{
    private SharedNode(ConnectionMultiplexer redis, ChatOptions options, ConversationStore? store)
    {
        Redis = redis;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Registry = new GenerationRegistry(TimeProvider.System, wrapped, NullLogger<GenerationRegistry>.Instance);
        Shared = new SharedAnswers(redis, Registry, wrapped, TimeProvider.System, NullLogger<SharedAnswers>.Instance);
        Mirrors = new AnswerMirrors(Shared, TimeProvider.System, NullLogger<AnswerMirrors>.Instance);
        if (store is not null)
        {
            var checkpoints = new AttemptCheckpointer(store, TimeProvider.System, wrapped, NullLogger<AttemptCheckpointer>.Instance, Shared);
            Sweeper = new LeaseSweeper(Shared, store, checkpoints, TimeProvider.System, NullLogger<LeaseSweeper>.Instance);
        }
    }

    public ConnectionMultiplexer Redis { get; }

    public GenerationRegistry Registry { get; }

    public SharedAnswers Shared { get; }

    public AnswerMirrors Mirrors { get; }

    public LeaseSweeper? Sweeper { get; }

    /// <summary>Short leases, so takeovers happen within a test.</summary>
    public static ScaleOutOptions FastLeases(RedisServer redis) => new() { Redis = redis.Configuration, LeaseSeconds = 1.5, SweepSeconds = 0.5 };

    public static async Task<SharedNode> StartAsync(RedisServer server, ConversationStore? store = null, ScaleOutOptions? scaleOut = null)
    {
        var options = new ChatOptions { ScaleOut = scaleOut ?? FastLeases(server) };
        var node = new SharedNode(await server.ConnectAsync(), options, store);
        await node.Shared.StartAsync(CancellationToken.None);
        return node;
    }

    /// <summary>Starts an answer produced here from a script the test writes.</summary>
    public Generation Produce(ScriptedStream script, Guid? id = null) => Registry.Start("Test model", script.ReadAsync, id: id);

    public async ValueTask DisposeAsync()
    {
        await Registry.StopAllAsync(StopReason.Shutdown, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Mirrors.Dispose();
        Shared.Dispose();
        await Redis.DisposeAsync();
    }
}
