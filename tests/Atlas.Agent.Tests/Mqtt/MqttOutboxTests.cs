using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace Atlas.Agent.Tests.Mqtt;

public sealed class MqttOutboxTests
{
    [Fact]
    public void WhileOffline_KeepsTheNewestMessagesWithinTheBoundAndCountsDrops()
    {
        var metrics = new AgentMetrics();
        var outbox = new MqttOutbox(Options.Create(new MqttOptions { OfflineBufferCapacity = 2 }), metrics, NullLogger<MqttOutbox>.Instance);

        foreach (var topic in new[] { "a", "b", "c", "d" })
            outbox.Enqueue(new MqttApplicationMessageBuilder().WithTopic(topic).Build());

        Assert.Equal(2, metrics.OutgoingDropped);
        Assert.True(outbox.Reader.TryRead(out var first));
        Assert.True(outbox.Reader.TryRead(out var second));
        Assert.Equal(["c", "d"], new[] { first!.Topic, second!.Topic });
    }
}
