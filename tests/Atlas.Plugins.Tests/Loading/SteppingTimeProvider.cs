namespace Atlas.Plugins.Tests.Loading;

/// <summary>A clock that advances by a fixed step every time it is read, so "slow" needs no sleeping.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
}
