using System.Text;
using System.Text.Json.Nodes;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Seeded, structure-aware mutations of a JSON document, one family per call: wrong value types, out-of-range
/// numbers, unknown keys, huge strings, deep nesting, duplicate keys, invalid UTF-8, truncation, byte-level noise
/// and a root that is not an object. The family names what was done, for reports and failure messages.
/// </summary>
internal static class JsonMutator
{
    public const string DuplicateKey = "duplicate-key";

    private const string Placeholder = "__atlas_fuzz_placeholder__";

    private static readonly string[] Families =
        ["wrong-type", "out-of-range", "unknown-key", "huge-string", "deep-nesting", DuplicateKey, "non-utf8", "truncated", "bytes", "not-object"];

    private static readonly string[] OutOfRange =
        ["-1", "0", "-0", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
         "1e308", "-1e308", "1e400", "0.5", "1e-320", "99999999999999999999999999", "1.0", "3600.0000001"];

    private static readonly string[] OtherTypes = ["\"text\"", "12", "1.5", "true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"x\":{\"y\":1}}", "\"\""];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xC3], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80]];

    /// <summary>One mutation of <paramref name="seedJson"/> (a JSON object), as UTF-8 bytes.</summary>
    public static FuzzCase<byte[]> Mutate(Random random, string seedJson)
    {
        ArgumentNullException.ThrowIfNull(random);
        var family = Families[random.Next(Families.Length)];
        return new FuzzCase<byte[]>(family, Apply(random, family, seedJson));
    }

    /// <summary>The mutation of one named family.</summary>
    public static byte[] Apply(Random random, string family, string seedJson)
    {
        ArgumentNullException.ThrowIfNull(random);
        var root = JsonNode.Parse(seedJson)!.AsObject();
        switch (family)
        {
            case "wrong-type":
                return Replace(random, root, OtherTypes[random.Next(OtherTypes.Length)]);
            case "out-of-range":
                return Replace(random, root, OutOfRange[random.Next(OutOfRange.Length)]);
            case "unknown-key":
                {
                    var target = RandomObject(random, root);
                    var existing = target.Select(p => p.Key).ToArray();
                    string key = random.Next(4) switch
                    {
                        0 when existing.Length > 0 => existing[random.Next(existing.Length)].ToUpperInvariant(), // a near miss
                        1 => "",
                        2 => "__proto__",
                        _ => RandomText(random, random.Next(1, 40)),
                    };
                    if (!target.ContainsKey(key)) target[key] = JsonNode.Parse(OtherTypes[random.Next(OtherTypes.Length)]);
                    return Utf8(root);
                }
            case "huge-string":
                {
                    var length = random.Next(3) switch { 0 => 1_000, 1 => 70_000, _ => 300_000 };
                    return Replace(random, root, "\"" + new string((char)('a' + random.Next(26)), length) + "\"");
                }
            case "deep-nesting":
                {
                    var depth = random.Next(4) switch { 0 => random.Next(5, 12), 1 => 64, 2 => 65, _ => 100_000 };
                    var arrays = random.Next(2) == 0;
                    var nested = new StringBuilder();
                    for (var i = 0; i < depth; i++) nested.Append(arrays ? "[" : "{\"a\":");
                    nested.Append('1');
                    for (var i = 0; i < depth; i++) nested.Append(arrays ? ']' : '}');
                    return Replace(random, root, nested.ToString());
                }
            case DuplicateKey:
                {
                    var target = RandomObject(random, root);
                    if (target.Count == 0) target["a"] = 1;
                    var keys = target.Select(p => p.Key).ToArray();
                    var duplicated = keys[random.Next(keys.Length)];
                    var value = random.Next(2) == 0 ? target[duplicated]?.ToJsonString() ?? "null" : OutOfRange[random.Next(OutOfRange.Length)];
                    target[Placeholder] = 0;
                    var text = root.ToJsonString().Replace($"\"{Placeholder}\":0", $"\"{duplicated}\":{value}", StringComparison.Ordinal);
                    return Encoding.UTF8.GetBytes(text);
                }
            case "non-utf8":
                {
                    var bytes = Utf8(root);
                    var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToArray();
                    var at = quotes.Length > 0 && random.Next(4) != 0 ? quotes[random.Next(quotes.Length)] + 1 : random.Next(bytes.Length + 1);
                    return [.. bytes[..at], .. InvalidUtf8[random.Next(InvalidUtf8.Length)], .. bytes[at..]];
                }
            case "truncated":
                {
                    var bytes = Utf8(root);
                    return bytes[..random.Next(bytes.Length)];
                }
            case "bytes":
                return ByteMutator.Mutate(random, Utf8(root)).Bytes;
            default:
                return Encoding.UTF8.GetBytes(random.Next(8) switch
                {
                    0 => "[]",
                    1 => "42",
                    2 => "\"text\"",
                    3 => "null",
                    4 => " ",
                    5 => "{}",
                    6 => "[" + seedJson + "]",
                    _ => "\uFEFF" + seedJson, // a byte order mark in front of a valid document
                });
        }
    }

    private static byte[] Utf8(JsonNode root) => Encoding.UTF8.GetBytes(root.ToJsonString());

    /// <summary>Replaces a random value anywhere in the tree by raw JSON text (which may be more than any JsonNode can hold).</summary>
    private static byte[] Replace(Random random, JsonObject root, string rawJson)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            root["x"] = Placeholder;
        }
        else
        {
            var (parent, key) = slots[random.Next(slots.Count)];
            if (parent is JsonObject o) o[(string)key] = Placeholder;
            else ((JsonArray)parent)[(int)key] = Placeholder;
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace($"\"{Placeholder}\"", rawJson, StringComparison.Ordinal));
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToArray())
                {
                    slots.Add((o, key));
                    if (value is not null) Collect(value, slots);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } item) Collect(item, slots);
                }
                break;
        }
    }

    private static JsonObject RandomObject(Random random, JsonObject root)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                objects.Add(o);
                foreach (var (_, value) in o) Walk(value);
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a) Walk(item);
            }
        }
        Walk(root);
        return objects[random.Next(objects.Count)];
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.$ äß漢\u00e9";
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }
}
