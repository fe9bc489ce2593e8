using Microsoft.Extensions.Logging;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>Keeps every log entry so tests can assert on levels and event ids.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, int EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
}
