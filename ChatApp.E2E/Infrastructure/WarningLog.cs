using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// The warnings and errors an in-process app logged, timed from its start, so a test that times out waiting for the
/// app can say what the app complained of meanwhile (a stalled storage write, a circuit's exception).
/// </summary>
public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public override string ToString() => _lines.IsEmpty ? "(no warnings or errors logged)" : string.Join('\n', _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var error = exception is null ? "" : $"\n  {exception.GetType().Name}: {exception.Message}";
                log._lines.Enqueue($"{log._clock.Elapsed.TotalMilliseconds,8:F0} ms  {logLevel} {category}: {formatter(state, exception)}{error}");
            }
        }
    }
}
