using ChatApp.ScaleOut;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Tests.TestSupport;

namespace ChatApp.Tests.ScaleOut;

/// <summary>Two instances on one real Redis: one produces an answer, the other follows, stops it, or finds it fenced.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedAnswersTests(RedisServer redis)
{
    [Fact]
    public async Task ProducedAnswer_IsInTheSharedLog_WithTheProducersSequenceNumbers()
    {
        await using var a = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        foreach (var token in Tokens(40))
        {
            script.Send(token);
            await Task.Delay(2);
        }
        script.Finish();
        await generation.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var local = await generation.Log.ReadAfterAsync(0);
        var shared = await ReadSharedUntilEndedAsync(a, generation.Id);

        Assert.Equal(local.Select(e => e.Sequence), shared.Select(e => e.Sequence));
        Assert.Equal(local.Select(Describe), shared.Select(Describe));
        Assert.Equal(string.Concat(Tokens(40)), string.Concat(shared.OfType<TextAppended>().Select(t => t.Text)));
        Assert.IsType<AnswerEnded>(shared[^1]);
    }

    [Fact]
    public async Task Mirror_OnAnotherInstance_FollowsLive_AndEndsIdenticalToTheProducer()
    {
        await using var a = await SharedNode.StartAsync(redis);
        await using var b = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        script.Send("t0001 ");
        await WaitForSharedAsync(a, generation.Id, 2);

        var mirror = b.Mirrors.Follow(generation.Id);
        Assert.Same(mirror, b.Mirrors.Follow(generation.Id));
        Eventually.True(() => mirror.Text == "t0001 ", "the mirror shows what was produced before it came");
        Assert.Equal(GenerationStatus.Streaming, mirror.Status);
        foreach (var token in Tokens(60).Skip(1))
        {
            script.Send(token);
            await Task.Delay(1);
        }
        script.Finish();

        var outcome = await mirror.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Equal(string.Concat(Tokens(60)), mirror.Text);
        Assert.Equal(generation.Text, mirror.Text);
        Assert.True(mirror.IsMirror);
        Assert.Equal((await generation.Log.ReadAfterAsync(0)).Select(Describe), (await mirror.Log.ReadAfterAsync(0)).Select(Describe));
    }

    [Fact]
    public async Task StopOnAnotherInstance_CancelsTheProducersProviderRequest_AndTheMirrorShowsItStopped()
    {
        await using var a = await SharedNode.StartAsync(redis);
        await using var b = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        script.Send("partial ");
        await WaitForSharedAsync(a, generation.Id, 2);
        var mirror = b.Mirrors.Follow(generation.Id);
        Eventually.True(() => mirror.Text == "partial ", "the mirror follows");
        Eventually.True(() => !script.ObservedToken.Equals(CancellationToken.None), "the provider request is open");

        mirror.Stop();
        Eventually.True(() => script.ObservedToken.IsCancellationRequested, "the owner cancels the provider request", timeoutMs: 10_000);

        var outcome = await mirror.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(StreamOutcome.Stopped(StopReason.User), outcome);
        Assert.Equal("partial ", mirror.Text);
        Assert.Equal(generation.Text, mirror.Text);
    }

    [Fact]
    public async Task StopRequest_StillArrives_WhenThePubSubMessageIsLost()
    {
        await using var a = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        script.Send("x");
        await WaitForSharedAsync(a, generation.Id, 2);

        // Only the key, as if the message had been dropped: the owner reads it at its next renewal.
        await using var other = await redis.ConnectAsync();
        await other.GetDatabase().StringSetAsync(new SharedKeys(generation.Id).StopRequested, "1");

        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(StreamOutcome.Stopped(StopReason.User), outcome);
    }

    [Fact]
    public async Task InstanceThatLostItsLease_CanNeverAppendAgain_AndStopsWritingTheAnswer()
    {
        await using var a = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        script.Send("before ");
        await WaitForSharedAsync(a, generation.Id, 2);
        Assert.True(a.Shared.MayWrite(generation.Id));

        // Another instance takes the lease over (as after A was paused for longer than the lease): a new epoch.
        var keys = new SharedKeys(generation.Id);
        await using var other = await redis.ConnectAsync();
        await other.GetDatabase().KeyDeleteAsync(keys.Lease);
        var token = (string?)await SharedAnswerScripts.TakeOver.EvaluateAsync(other.GetDatabase(), new
        {
            lease = keys.Lease, epoch = keys.Epoch, instance = "B", leaseMs = 60_000L,
        });
        Assert.EndsWith(":2", token);
        var sharedBefore = await new RedisAnswerLog(other, generation.Id).ReadAfterAsync(0);

        script.Send("after the takeover");
        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FailureKind.Interrupted, outcome.Failure);
        Assert.False(a.Shared.MayWrite(generation.Id));
        Assert.True(script.ObservedToken.IsCancellationRequested);
        var sharedAfter = await new RedisAnswerLog(other, generation.Id).ReadAfterAsync(0);
        Assert.Equal(sharedBefore.Select(Describe), sharedAfter.Select(Describe));
        Assert.DoesNotContain("after the takeover", string.Concat(sharedAfter.OfType<TextAppended>().Select(t => t.Text)));
    }

    [Fact]
    public async Task OwnerWhoseLeaseMerelyExpired_TakesItBack_AndTheAnswerGoesOnToTheEnd()
    {
        await using var a = await SharedNode.StartAsync(redis);
        var script = new ScriptedStream();
        var generation = a.Produce(script);
        script.Send("before ");
        await WaitForSharedAsync(a, generation.Id, 2);

        // The lease runs out (the owner was paused for longer than it) and no sweeper takes the answer over.
        var keys = new SharedKeys(generation.Id);
        await using var other = await redis.ConnectAsync();
        var token = (string?)await other.GetDatabase().StringGetAsync(keys.Lease);
        await other.GetDatabase().KeyDeleteAsync(keys.Lease);
        await EventuallyAsync(async () => await other.GetDatabase().StringGetAsync(keys.Lease) == token, "the owner's renewal takes its lease back");
        await other.GetDatabase().KeyDeleteAsync(keys.Lease);
        script.Send("after"); // the next append or renewal takes it back (the append alone: the script test below)
        script.Finish();

        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        var shared = await ReadSharedUntilEndedAsync(a, generation.Id);
        Assert.Equal("before after", string.Concat(shared.OfType<TextAppended>().Select(t => t.Text)));
        Assert.Equal(GenerationStatus.Complete, Assert.IsType<AnswerEnded>(shared[^1]).Outcome.Status);
        Assert.Null(await other.GetDatabase().SortedSetScoreAsync(SharedKeys.Running, generation.Id.ToString("N")));
    }

    [Fact]
    public async Task AppendScript_TakesBackAnExpiredLease_OnlyWhileNobodyTookTheAnswerOver_AndItStillRuns()
    {
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        var id = Guid.NewGuid();
        var keys = new SharedKeys(id);
        var token = await AcquireAsync(database, id);
        Task Append(long sequence, AnswerEvent e) => SharedAnswerScripts.AppendAsync(database, id, token!, [e with { Sequence = sequence }], 60, 60_000);

        await database.KeyDeleteAsync(keys.Lease); // expired
        await Append(1, new TextAppended("a"));
        Assert.Equal(token, (string?)await database.StringGetAsync(keys.Lease));

        await database.KeyDeleteAsync(keys.Lease);
        await SharedAnswerScripts.TakeOver.EvaluateAsync(database, new { lease = keys.Lease, epoch = keys.Epoch, instance = "B", leaseMs = 60_000L });
        await database.KeyDeleteAsync(keys.Lease); // even once B's lease has expired too, A's epoch is gone
        Assert.Contains("FENCED", (await Assert.ThrowsAsync<StackExchange.Redis.RedisServerException>(() => Append(2, new TextAppended("b")))).Message);

        // A run that ended (it left the running set) is never taken back by a late append of its own owner.
        var ended = Guid.NewGuid();
        var endedKeys = new SharedKeys(ended);
        var endedToken = await AcquireAsync(database, ended);
        await SharedAnswerScripts.AppendAsync(database, ended, endedToken!,
            [new AnswerEnded(StreamOutcome.Completed, null, DateTimeOffset.UtcNow, 0) { Sequence = 1 }], 60, 60_000);
        Assert.Contains("FENCED", (await Assert.ThrowsAsync<StackExchange.Redis.RedisServerException>(() =>
            SharedAnswerScripts.AppendAsync(database, ended, endedToken!, [new TextAppended("late") { Sequence = 2 }], 60, 60_000))).Message);
        Assert.False(await database.KeyExistsAsync(endedKeys.Lease));
        await database.SortedSetRemoveAsync(SharedKeys.Running, id.ToString("N"));
    }

    [Fact]
    public async Task AppendScript_RefusesAStaleToken_AndSkipsEntriesTheLogAlreadyHas()
    {
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        var id = Guid.NewGuid();
        var token = await AcquireAsync(database, id);
        TextAppended[] Texts(params (long Sequence, string Text)[] events) => events.Select(e => new TextAppended(e.Text) { Sequence = e.Sequence }).ToArray();

        await SharedAnswerScripts.AppendAsync(database, id, token!, Texts((1, "a"), (2, "b")), 60, 60_000);
        await SharedAnswerScripts.AppendAsync(database, id, token!, Texts((2, "b"), (3, "c")), 60, 60_000); // a retried batch
        var stale = await Assert.ThrowsAsync<StackExchange.Redis.RedisServerException>(() =>
            SharedAnswerScripts.AppendAsync(database, id, "A:0", Texts((4, "d")), 60, 60_000));

        Assert.Contains("FENCED", stale.Message);
        var events = await new RedisAnswerLog(connection, id).ReadAfterAsync(0);
        Assert.Equal([(1L, "a"), (2L, "b"), (3L, "c")], events.Cast<TextAppended>().Select(e => (e.Sequence, e.Text)));
        Assert.Equal([(3L, "c")], (await new RedisAnswerLog(connection, id).ReadAfterAsync(2)).Cast<TextAppended>().Select(e => (e.Sequence, e.Text)));
        await database.SortedSetRemoveAsync(SharedKeys.Running, id.ToString("N"));
    }

    // A new run of the answer for instance A, as its producer takes it: the lease's token.
    private static async Task<string?> AcquireAsync(StackExchange.Redis.IDatabase database, Guid id)
    {
        var keys = new SharedKeys(id);
        return (string?)await SharedAnswerScripts.Acquire.EvaluateAsync(database, new
        {
            lease = keys.Lease, epoch = keys.Epoch, running = SharedKeys.Running, stop = keys.StopRequested, log = keys.Log,
            instance = "A", leaseMs = 60_000L, answer = id.ToString("N"), now = 1L,
        });
    }

    private static IEnumerable<string> Tokens(int count) => Enumerable.Range(1, count).Select(i => $"t{i:0000} ");

    private static string Describe(AnswerEvent e) => e switch
    {
        TextAppended text => $"{e.Sequence}:text:{text.Text}",
        AnswerEnded ended => $"{e.Sequence}:ended:{ended.Outcome.Status}",
        _ => $"{e.Sequence}:{e.GetType().Name}",
    };

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        for (var deadline = Environment.TickCount64 + 5000; !await condition();)
        {
            Assert.True(Environment.TickCount64 < deadline, $"Timed out waiting: {because}");
            await Task.Delay(10);
        }
    }

    private static async Task WaitForSharedAsync(SharedNode node, Guid answerId, long sequence)
    {
        var log = new RedisAnswerLog(node.Redis, answerId);
        for (var i = 0; i < 500; i++)
        {
            var events = await log.ReadAfterAsync(0);
            if (events.Count >= sequence)
            {
                return;
            }
            await Task.Delay(10);
        }
        Assert.Fail($"the shared log never reached event {sequence}");
    }

    private static async Task<IReadOnlyList<AnswerEvent>> ReadSharedUntilEndedAsync(SharedNode node, Guid answerId)
    {
        var view = new List<AnswerEvent>();
        await foreach (var batch in AnswerLogReader.FollowAsync(new RedisAnswerLog(node.Redis, answerId), 0).WithCancellation(new CancellationTokenSource(10_000).Token))
        {
            view.AddRange(batch);
        }
        return view;
    }
}
