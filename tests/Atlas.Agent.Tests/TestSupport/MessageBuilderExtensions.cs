using System.Text;
using MQTTnet;

namespace Atlas.Agent.Tests.TestSupport;

internal static class MessageBuilderExtensions
{
    /// <summary>Adds a UTF-8 user property (MQTTnet 5's string overload is obsolete).</summary>
    public static MqttApplicationMessageBuilder WithUserText(this MqttApplicationMessageBuilder builder, string name, string value) =>
        builder.WithUserProperty(name, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(value)));
}
