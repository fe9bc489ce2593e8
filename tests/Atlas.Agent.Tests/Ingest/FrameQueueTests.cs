using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Ingest;

public sealed class FrameQueueTests
{
    private static Frame Frame(int n) => new("cam", $"f{n}", null, [], null, null, 0);

    [Fact]
    public void Overload_DropsTheOldestFramesAndCountsThem()
    {
        var metrics = new AgentMetrics();
        var queue = new FrameQueue(Options.Create(new IngestOptions { QueueCapacity = 3 }), metrics);

        for (var i = 0; i < 5; i++) queue.Enqueue(Frame(i));

        Assert.Equal(2, metrics.FramesDropped);
        Assert.Equal(3, metrics.Snapshot().QueueDepth);
        var left = new List<string>();
        while (queue.Reader.TryRead(out var frame)) left.Add(frame.FrameId);
        Assert.Equal(["f2", "f3", "f4"], left);
    }
}
