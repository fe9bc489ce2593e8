using System.Text;
using Atlas.Engine.Tests.Fuzzing;

namespace Atlas.Agent.Tests.Fuzzing;

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
        if (!string.IsNullOrEmpty(reply) && !IsValidTopicName(reply)) family += "+bad-reply-topic";
        var malformed = !Known.Contains(name) || payload.Length > MaxArgumentBytes || (payload.Length > 0 && !JsonChecks.IsObjectWithoutDuplicates(payload))
            || (!string.IsNullOrEmpty(reply) && !IsValidTopicName(reply));
        return new(family, new HostileCommand(name, payload, reply, correlation, malformed));
    }

    /// <summary>True for a topic an MQTT 5 client may publish to: not empty, no wildcard, no NUL, at most 65535 UTF-8 bytes.</summary>
    public static bool IsValidTopicName(string topic) =>
        topic.Length > 0 && topic.IndexOfAny(['+', '#', '\0']) < 0 && Encoding.UTF8.GetByteCount(topic) <= 65535;
}
