using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.TestSupport;

/// <summary>Keeps every log line (message, scopes, exception) written through it, for tests to read.</summary>
public sealed class ListLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly List<string> _lines = [];
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return [.. _lines]; } }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object>> pairs
                ? string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}")) : scope?.ToString() ?? ""), scopes);
            var properties = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(",", values.Select(v => $"{v.Key}={v.Value}")) : "";
            lock (provider._lines)
            {
                provider._lines.Add($"{logLevel} {category}: {formatter(state, exception)} [{string.Join(";", scopes)}] {{{properties}}} {exception}");
            }
        }
    }
}
