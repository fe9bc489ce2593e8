using System.Diagnostics;

namespace Atlas.Benchmarks.Soak;

/// <summary>Seconds since the soak started, on the monotonic clock every record of one run shares.</summary>
internal sealed class SoakClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public double Seconds => Stopwatch.GetElapsedTime(_start).TotalSeconds;
}
