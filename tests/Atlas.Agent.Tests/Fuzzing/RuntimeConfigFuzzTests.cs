using Atlas.Agent.Configuration;
using Atlas.Engine.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>
/// Hostile <c>config/desired</c> documents through <see cref="RuntimeConfigDocument.Parse"/>: wrong types,
/// out-of-range values, unknown keys, huge strings, deep nesting, duplicate keys, invalid UTF-8, truncation. Parsing
/// never throws; a document is either refused with at least one error naming a JSON path, or yields settings that
/// pass validation and are not older than those in force. Budget: <c>ATLAS_FUZZ_SECONDS</c> (default 2 s).
/// </summary>
public sealed class RuntimeConfigFuzzTests(ITestOutputHelper output)
{
    private const string Good =
        """{"version":5,"topK":3,"scoreThreshold":0.1,"logLevel":"Warning","metricsIntervalSeconds":60,"adaptation":{"enabled":true,"everyFrames":100,"everySeconds":0}}""";

    private static readonly RuntimeSettings InForce = new() { Version = 4, TopK = 2 };

    [Fact]
    public async Task HostileDocuments_AreRefusedWithPathsOrYieldValidSettings()
    {
        var target = new FuzzTarget<byte[]>
        {
            Name = "config-document",
            Generate = random => JsonMutator.Mutate(random, Good),
            Run = Check,
            ToBytes = document => document,
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(2, 300), output.WriteLine);

        Assert.True(report.Families.Count >= 8, report.ToString());
    }

    [Fact]
    public void DocumentWithADuplicateKey_IsRefusedNamingIt()
    {
        // Found by live-config, seed 1358146688, iteration 2 (duplicate-key): {..."adaptation":{...,"everyFrames":0,
        // "everySeconds":0,"everyFrames":0}} was applied, with whichever value came last.
        var errors = RuntimeConfigDocument.Parse("""{"version":5,"topK":3,"adaptation":{"enabled":false,"enabled":true}}"""u8.ToArray(), InForce, out var settings);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.Contains("enabled", StringComparison.Ordinal));
    }

    [Fact]
    public void DocumentWithInvalidUtf8InAKey_IsRefusedInsteadOfThrowing()
    {
        // Found by config-document, seed 1080319843, iteration 18 (non-utf8): the bytes ED A0 80 (an encoded
        // surrogate) before "everyFrames" passed the parser, then reading the key threw InvalidOperationException,
        // which escaped Parse: config/reported never said why.
        var found = Convert.FromBase64String(
            "eyJ2ZXJzaW9uIjo1LCJ0b3BLIjozLCJzY29yZVRocmVzaG9sZCI6MC4xLCJsb2dMZXZlbCI6Ildhcm5pbmciLCJtZXRyaWNzSW50ZXJ2YWxTZWNvbmRzIjo2MCwi" +
            "YWRhcHRhdGlvbiI6eyJlbmFibGVkIjp0cnVlLCLtoIBldmVyeUZyYW1lcyI6MTAwLCJldmVyeVNlY29uZHMiOjB9fQ==");

        var errors = RuntimeConfigDocument.Parse(found, InForce, out var settings);

        Assert.Null(settings);
        Assert.Equal(["$: not valid UTF-8"], errors);
    }

    private static void Check(byte[] document)
    {
        var errors = RuntimeConfigDocument.Parse(document, InForce, out var settings);
        if (settings is null)
        {
            if (errors.Count == 0 || errors.Any(e => !e.StartsWith('$')))
                throw new InvalidOperationException($"Refused without errors naming a path: [{string.Join("; ", errors)}]");
            return;
        }
        if (errors.Count > 0) throw new InvalidOperationException($"Settings returned together with errors: [{string.Join("; ", errors)}]");
        if (JsonChecks.HasDuplicateKeys(document)) throw new InvalidOperationException("A document with a duplicate key was accepted.");
        if (settings.Version < InForce.Version) throw new InvalidOperationException($"Version {settings.Version} accepted over {InForce.Version}.");
        var invalid = OptionsTreeValidator.Validate(settings, "$", jsonPaths: true);
        if (invalid.Count > 0) throw new InvalidOperationException($"Accepted settings fail validation: [{string.Join("; ", invalid)}]");
    }
}
