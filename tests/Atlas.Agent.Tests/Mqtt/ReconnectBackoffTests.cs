using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;

namespace Atlas.Agent.Tests.Mqtt;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void WithoutJitter_DoublesFromTheInitialDelayUpToTheCap()
    {
        var backoff = new ReconnectBackoff(new ReconnectOptions { InitialDelayMilliseconds = 100, MaxDelayMilliseconds = 1000, JitterFraction = 0 }, new Random(1));
        Assert.Equal([100.0, 200, 400, 800, 1000, 1000], Enumerable.Range(0, 6).Select(a => backoff.Delay(a).TotalMilliseconds));
        Assert.Equal(1000, backoff.Delay(int.MaxValue).TotalMilliseconds);
    }

    [Fact]
    public void WithJitter_StaysWithinTheBandAndVaries()
    {
        var backoff = new ReconnectBackoff(new ReconnectOptions { InitialDelayMilliseconds = 1000, MaxDelayMilliseconds = 60_000, JitterFraction = 0.2 }, new Random(42));
        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(2).TotalMilliseconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 3200, 4800));
        Assert.True(delays.Distinct().Count() > 100);
        Assert.InRange(delays.Average(), 3900, 4100); // uniform jitter is centred on the nominal 4000 ms
    }
}
