using Atlas.Agent.Configuration;

namespace Atlas.Agent.Mqtt;

/// <summary>
/// Delay before reconnect attempt n (0-based): min(max, initial·2ⁿ) × a uniform factor in [1 − jitter, 1 + jitter],
/// capped at max. The random source is injected so tests are deterministic.
/// </summary>
internal sealed class ReconnectBackoff(ReconnectOptions options, Random random)
{
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var exponential = options.InitialDelayMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(options.MaxDelayMilliseconds, exponential);
        double factor;
        lock (random)
        {
            factor = 1 + (options.JitterFraction * ((2 * random.NextDouble()) - 1));
        }
        return TimeSpan.FromMilliseconds(Math.Min(options.MaxDelayMilliseconds, capped * factor));
    }
}
