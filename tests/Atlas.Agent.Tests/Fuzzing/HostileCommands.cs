using System.Text;
using System.Text.Json;
using Atlas.Engine.Tests.Fuzzing;
using MQTTnet;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>A command request as a hostile operator might send it, and whether it is malformed (must be refused).</summary>
internal sealed record HostileCommand(string Name, byte[] Payload, string? ReplyTopic, byte[] Correlation, bool Malformed)
{
    public MqttApplicationMessage ToMessage(string topic)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Payload).WithCorrelationData(Correlation)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        if (ReplyTopic is not null) builder = builder.WithResponseTopic(ReplyTopic);
        return builder.Build();
    }
}

/// <summary>
/// Generates hostile commands: known, unknown and look-alike names; arguments mutated by <see cref="JsonMutator"/>
/// (wrong types, huge strings, deep nesting, duplicate keys, invalid UTF-8, truncation), random bytes and oversized
/// payloads; reply topics that are missing, ordinary, or not valid topic names (wildcards, NUL).
/// </summary>
internal static class HostileCommands
{
    public static readonly string[] Known = ["status", "snapshot", "adapt", "reset", "rollback", "reload-plugins"];

    private const int MaxArgumentBytes = 64 * 1024;

    public static FuzzCase<HostileCommand> Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string[] names = [.. Known, "no-such-command", "STATUS", "stätus", "status ", "$status", new string('c', 300)];
        var name = names[random.Next(names.Length)];
        var correlation = new byte[16];
        random.NextBytes(correlation);
        string family;
        byte[] payload;
        switch (random.Next(4))
        {
            case 0:
                family = "random-bytes";
                payload = ByteMutator.RandomBytes(random, 256);
                break;
            case 1:
                family = "oversized";
                payload = Encoding.UTF8.GetBytes("{\"reason\":\"" + new string('r', MaxArgumentBytes) + "\"}");
                break;
            case 2:
                family = "empty";
                payload = [];
                break;
            default:
                {
                    var mutated = JsonMutator.Mutate(random, "{\"reason\":\"fuzz\",\"frames\":3,\"options\":{\"steps\":2,\"seed\":1}}");
                    family = "json-" + mutated.Family;
                    payload = mutated.Input;
                    break;
                }
        }
        string[] invalid = ["fuzz/#", "fuzz/+/x", "+", "#", "fuzz/a\u0000b"];
        var reply = random.Next(6) switch
        {
            0 => null,
            1 => "",
            2 => invalid[random.Next(invalid.Length)],
            3 => "fuzz/" + new string('t', random.Next(100, 60_000)),
            _ => $"fuzz/replies/{random.Next()}",
        };
        if (reply is not null && !IsValidTopicName(reply)) family += "+bad-reply-topic";
        var malformed = !Known.Contains(name) || payload.Length > MaxArgumentBytes || (payload.Length > 0 && !IsObjectWithoutDuplicates(payload))
            || (!string.IsNullOrEmpty(reply) && !IsValidTopicName(reply));
        return new(family, new HostileCommand(name, payload, reply, correlation, malformed));
    }

    /// <summary>True for a topic an MQTT 5 client may publish to: not empty, no wildcard, no NUL, at most 65535 UTF-8 bytes.</summary>
    public static bool IsValidTopicName(string topic) =>
        topic.Length > 0 && topic.IndexOfAny(['+', '#', '\0']) < 0 && Encoding.UTF8.GetByteCount(topic) <= 65535;

    /// <summary>True when the bytes are one valid UTF-8 JSON object (within .NET's default depth of 64) with no key twice in any object.</summary>
    public static bool IsObjectWithoutDuplicates(byte[] json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json)) return false;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when the bytes parse as JSON but some object in them has a key twice.</summary>
    public static bool HasDuplicateKeys(byte[] json)
    {
        try
        {
            using var lenient = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });
        }
        catch (JsonException)
        {
            return false;
        }
        try
        {
            using var strict = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000, AllowDuplicateProperties = false });
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
