using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Tests.Telemetry;

public sealed class LatencyWindowTests
{
    [Fact]
    public void Percentiles_UseNearestRankOverTheMostRecentValues()
    {
        var window = new LatencyWindow(capacity: 100);
        Assert.Equal((null, null, 0), window.Percentiles());

        for (var i = 1; i <= 150; i++) window.Add(i); // the window keeps 51..150

        var (p50, p99, count) = window.Percentiles();
        Assert.Equal(100, count);
        Assert.Equal(100, p50);
        Assert.Equal(149, p99);
    }
}
