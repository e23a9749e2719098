using System.Text;
using ChatApp.Providers;

namespace ChatApp.Tests.Providers;

public sealed class DoneLineWatcherTests
{
    private const string Chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";

    /// <summary>Reads <paramref name="body"/> through the watcher in reads of <paramref name="size"/> bytes.</summary>
    private static (bool Done, string Read) ReadThrough(string body, int size)
    {
        var signal = new StreamEndSignal();
        using var watcher = new DoneLineWatcher(new MemoryStream(Encoding.UTF8.GetBytes(body)), signal);
        var read = new MemoryStream();
        var buffer = new byte[size];
        int n;
        while ((n = watcher.Read(buffer, 0, size)) > 0)
        {
            read.Write(buffer, 0, n);
        }
        return (signal.DoneSeen, Encoding.UTF8.GetString(read.ToArray()));
    }

    [Theory]
    [InlineData(Chunk + "data: [DONE]\n\n", true)]
    [InlineData(Chunk + "data:[DONE]\r\n\r\n", true)]
    [InlineData(Chunk + "data: [DONE]", true)] // the last line without its line end
    [InlineData(Chunk, false)]
    [InlineData("data: {\"choices\":[{\"delta\":{\"content\":\"[DONE]\"}}]}\n\n", false)] // the model wrote it
    [InlineData("data: [DONE] later\n\n", false)]
    public void DoneLine_IsNoticedAtEverySplit_AndTheBytesPassUnchanged(string body, bool done)
    {
        for (var size = 1; size <= body.Length; size++)
        {
            var (seen, read) = ReadThrough(body, size);
            Assert.True(seen == done, $"reads of {size} bytes: done={seen}");
            Assert.Equal(body, read);
        }
    }
}
