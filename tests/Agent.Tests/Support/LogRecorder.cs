using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>Keeps every log entry of a host, of every category, so a test can assert what an operator would read.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_gate)
                return [.. _entries];
        }
    }

    public bool Contains(LogLevel level, string text) =>
        Entries.Any(e => e.Level == level && e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Recording(this);

    public void Dispose()
    {
    }

    private sealed class Recording(LogRecorder recorder) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (recorder._gate)
                recorder._entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
