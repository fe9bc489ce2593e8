using System.Buffers;
using Atlas.Agent.Commands;
using Atlas.Agent.Configuration;
using Atlas.Agent.Ingest;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Atlas.Agent.Mqtt;

/// <summary>Sends each incoming message to the component its topic addresses: frames, remote configuration or commands.</summary>
internal sealed class MessageRouter(
    TopicLayout topics, FrameIngest frames, RuntimeConfigService config, CommandDispatcher commands, ILogger<MessageRouter> logger)
    : IMqttMessageHandler
{
    public Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var topic = topics.Parse(message.Topic);
        switch (topic.Kind)
        {
            case IncomingKind.Frame:
                frames.Accept(message, topic.Name);
                return Task.CompletedTask;
            case IncomingKind.ConfigDesired:
                // An empty retained message clears the desired document; the settings in force stay.
                if (message.Payload.Length > 0) config.Apply(message.Payload.IsSingleSegment ? message.Payload.First : message.Payload.ToArray());
                return Task.CompletedTask;
            case IncomingKind.Command:
                commands.Dispatch(message, topic.Name, cancellationToken);
                return Task.CompletedTask;
            default:
                AgentLog.UnexpectedTopic(logger, message.Topic);
                return Task.CompletedTask;
        }
    }
}
