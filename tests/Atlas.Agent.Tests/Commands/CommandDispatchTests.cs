using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace Atlas.Agent.Tests.Commands;

/// <summary>Commands are answered off the MQTT receive path: a long one holds nothing back, and the number running at once is bounded.</summary>
public sealed class CommandDispatchTests
{
    private sealed class Outbox : IMqttPublisher
    {
        public ConcurrentQueue<MqttApplicationMessage> Sent { get; } = new();

        public bool IsConnected => true;

        public void Enqueue(MqttApplicationMessage message) => Sent.Enqueue(message);
    }

    /// <summary>A command that answers only when released.</summary>
    private sealed class BlockingCommand : ICommandHandler
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "slow";

        public async Task<CommandResult> ExecuteAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            return CommandResult.Success(new { done = true });
        }
    }

    private static MqttApplicationMessage Request(string name, int id) =>
        new MqttApplicationMessageBuilder().WithTopic($"atlas/d/cmd/{name}").WithPayload("{}").WithResponseTopic($"replies/{id}").Build();

    private static async Task<JsonElement> AnswerAsync(Outbox outbox, string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var answer = outbox.Sent.FirstOrDefault(m => m.Topic == topic);
            if (answer is not null) return JsonDocument.Parse(answer.Payload.ToArray()).RootElement.Clone();
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task LongCommand_DoesNotHoldTheCaller_AndAFifthConcurrentOneIsRefusedAtOnce()
    {
        var outbox = new Outbox();
        var topics = TopicLayout.From(new AgentOptions { DeviceId = "d" }, new MqttOptions());
        var slow = new BlockingCommand();
        var dispatcher = new CommandDispatcher([slow], outbox, topics, new EventPublisher(outbox, topics, TimeProvider.System, new RecentEvents()),
            NullLogger<CommandDispatcher>.Instance);

        for (var i = 0; i < CommandDispatcher.MaxRunning; i++) dispatcher.Dispatch(Request("slow", i), "slow", CancellationToken.None);
        dispatcher.Dispatch(Request("slow", 99), "slow", CancellationToken.None);

        var refused = await AnswerAsync(outbox, "replies/99");
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Contains("refused", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(outbox.Sent, m => m.Topic == "replies/0");
        slow.Release.SetResult();
        for (var i = 0; i < CommandDispatcher.MaxRunning; i++)
            Assert.True((await AnswerAsync(outbox, $"replies/{i}")).GetProperty("ok").GetBoolean());
        dispatcher.Dispatch(Request("slow", 100), "slow", CancellationToken.None);
        Assert.True((await AnswerAsync(outbox, "replies/100")).GetProperty("ok").GetBoolean());
    }
}
