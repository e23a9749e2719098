using ChatApp.Streaming;
using ChatApp.Streaming.Log;

namespace ChatApp.Tests.Streaming.Log;

/// <summary>Readers read "from sequence N": exactly the suffix, live and after the end, however many there are.</summary>
public sealed class AnswerLogReaderTests
{
    // Only a guard against a reader that never ends: a clean-clone CI run, with two browser lanes and the other test
    // classes on 2 cores, once took over 10 s to get 50 readers through 202 events.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static InProcessAnswerLog StartedLog()
    {
        var log = new InProcessAnswerLog(Guid.NewGuid());
        log.Append(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null));
        return log;
    }

    private static AnswerEnded Ended() => new(StreamOutcome.Completed, null, DateTimeOffset.UnixEpoch, 0);

    private static async Task<List<AnswerEvent>> ReadAllAsync(IAnswerLog log, long after, TimeSpan? poll = null)
    {
        var read = new List<AnswerEvent>();
        await foreach (var batch in AnswerLogReader.FollowAsync(log, after, poll: poll).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            read.AddRange(batch);
        }
        return read;
    }

    [Fact]
    public async Task AttachedAfterTheEnd_GetsTheSuffix_AndEnds()
    {
        var log = StartedLog();
        log.Append([new TextAppended("a"), new TextAppended("b"), Ended()]);

        Assert.Equal([3L, 4L], (await ReadAllAsync(log, 2)).Select(e => e.Sequence));
        Assert.Empty(await ReadAllAsync(log, 4)); // it already has the outcome: nothing follows, and it ends
    }

    [Fact]
    public async Task AttachedMidStream_GetsTheRest_ThenFollowsLive_UntilTheOutcome()
    {
        var log = StartedLog();
        log.Append(new TextAppended("a"));
        var reading = ReadAllAsync(log, 1);

        log.Append(new TextAppended("b"));
        await Task.Delay(20);
        log.Append([new TextAppended("c"), Ended()]);

        var read = await reading;
        Assert.Equal([2L, 3L, 4L, 5L], read.Select(e => e.Sequence));
        Assert.Equal("abc", string.Concat(read.OfType<TextAppended>().Select(t => t.Text)));
    }

    [Fact]
    public async Task ANudgeThatNeverComes_OnlyDelays_TheTimerReadsAnyway()
    {
        var log = new SilentLog(StartedLog());
        var reading = ReadAllAsync(log, 0, poll: TimeSpan.FromMilliseconds(20));

        log.Inner.Append([new TextAppended("a"), Ended()]);

        Assert.Equal(3, (await reading).Count);
    }

    [Fact]
    public async Task KeepAlive_YieldsAnEmptyBatch_WhenNothingHappens()
    {
        var log = StartedLog();
        var batches = new List<int>();
        await foreach (var batch in AnswerLogReader.FollowAsync(log, 1, keepAlive: TimeSpan.FromMilliseconds(30)))
        {
            batches.Add(batch.Count);
            if (batches.Count == 1)
            {
                log.Append(Ended());
            }
        }

        Assert.Equal([0, 1], batches);
    }

    /// <summary>
    /// A property over random interleavings: a producer appends random batches while readers attach at random
    /// moments from random sequence numbers; every reader gets exactly the events after its number, in order.
    /// </summary>
    [Fact]
    public async Task RandomInterleavingsOfAppendsAndAttaches_EveryReaderGetsExactlyItsSuffix()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var log = StartedLog();
            var readers = new List<(long After, Task<List<AnswerEvent>> Read)>();
            var appended = 1;
            var batches = random.Next(1, 30);
            for (var b = 0; b < batches; b++)
            {
                if (random.Next(3) == 0)
                {
                    var after = random.Next(0, appended + 1);
                    readers.Add((after, Task.Run(() => ReadAllAsync(log, after))));
                }
                var size = random.Next(1, 4);
                log.Append(Enumerable.Range(0, size).Select(i => (AnswerEvent)new TextAppended($"{b}.{i} ")).ToList());
                appended += size;
                if (random.Next(4) == 0)
                {
                    await Task.Yield();
                }
            }
            var late = random.Next(0, appended + 2);
            readers.Add((late, ReadAllAsync(log, late)));
            log.Append(Ended());
            var all = await log.ReadAfterAsync(0);

            foreach (var (after, read) in readers)
            {
                Assert.Equal(all.Where(e => e.Sequence > after).Select(e => e.Sequence), (await read).Select(e => e.Sequence));
            }
        }
    }

    [Fact]
    public async Task ManyConcurrentReaders_EachReadsTheWholeAnswerOnce()
    {
        var log = StartedLog();
        var readers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => ReadAllAsync(log, 0))).ToList();
        for (var i = 0; i < 200; i++)
        {
            log.Append(new TextAppended($"{i} "));
        }
        log.Append(Ended());
        var expected = string.Concat(Enumerable.Range(0, 200).Select(i => $"{i} "));

        foreach (var reader in readers)
        {
            var events = await reader;
            Assert.Equal(202, events.Count);
            Assert.Equal(expected, string.Concat(events.OfType<TextAppended>().Select(t => t.Text)));
        }
    }

    [Fact]
    public async Task ASlowReader_GetsFewerLargerBatches_AndAllTheText_NothingQueuesPerEvent()
    {
        var log = StartedLog();
        var batches = new List<int>();
        var text = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            await foreach (var batch in AnswerLogReader.FollowAsync(log, 1))
            {
                batches.Add(batch.Count);
                text.Append(string.Concat(batch.OfType<TextAppended>().Select(t => t.Text)));
                await Task.Delay(20); // a client that takes its time with each write
            }
        });
        for (var i = 0; i < 300; i++)
        {
            log.Append(new TextAppended($"{i} "));
            if (i % 10 == 0)
            {
                await Task.Yield(); // the producer keeps going while the reader is busy
            }
        }
        log.Append(Ended());
        await reading.WaitAsync(Timeout);

        Assert.Equal(string.Concat(Enumerable.Range(0, 300).Select(i => $"{i} ")), text.ToString());
        Assert.Equal(301, batches.Sum());
        Assert.True(batches.Count < 100, $"{batches.Count} batches for 301 events: the slow reader did not catch up in larger reads");
    }

    /// <summary>A log whose nudges are all lost (a dropped pub/sub message): only the reader's timer finds new events.</summary>
    private sealed class SilentLog(InProcessAnswerLog inner) : IAnswerLog
    {
        public InProcessAnswerLog Inner => inner;

        public Guid AnswerId => inner.AnswerId;

        public ValueTask<IReadOnlyList<AnswerEvent>> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadAfterAsync(afterSequence, cancellationToken);

        public IDisposable Subscribe(Action appended) => new NoSubscription();

        private sealed class NoSubscription : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
