using System.Text;
using Atlas.Agent.Configuration;
using Atlas.Agent.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Tests.Configuration;

public sealed class RuntimeConfigDocumentTests
{
    private static IReadOnlyList<string> Parse(string json, RuntimeSettings current, out RuntimeSettings? settings) =>
        RuntimeConfigDocument.Parse(Encoding.UTF8.GetBytes(json), current, out settings);

    [Fact]
    public void ValidDocument_OverlaysOnlyTheGivenKeysOnACopy()
    {
        var current = new RuntimeSettings { Version = 1, TopK = 5, MetricsIntervalSeconds = 30 };

        var errors = Parse("""{ "version": 2, "topK": 1, "logLevel": "debug", "adaptation": { "everyFrames": 500 } }""", current, out var applied);

        Assert.Empty(errors);
        Assert.NotNull(applied);
        Assert.Equal(2, applied.Version);
        Assert.Equal(1, applied.TopK);
        Assert.Equal(LogLevel.Debug, applied.LogLevel);
        Assert.Equal(500, applied.Adaptation.EveryFrames);
        Assert.Equal(30, applied.MetricsIntervalSeconds);
        Assert.Equal(5, current.TopK); // the settings in force are never mutated
    }

    [Fact]
    public void InvalidDocument_ListsEveryErrorWithItsJsonPath()
    {
        var errors = Parse("""
            { "topK": 5000, "scoreThreshold": "high", "extra": 1,
              "adaptation": { "enabled": "yes", "everySeconds": -1, "mode": "x" } }
            """, new RuntimeSettings(), out var applied);

        Assert.Null(applied);
        Assert.Contains("$.version: is required", errors);
        Assert.Contains(errors, e => e.StartsWith("$.topK:", StringComparison.Ordinal) && e.Contains("5000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.scoreThreshold: must be a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.extra: unknown setting", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.enabled: must be true or false", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.everySeconds:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.mode: unknown setting", StringComparison.Ordinal));
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void OlderVersion_IsRejectedNamingTheVersionInForce()
    {
        var errors = Parse("""{ "version": 3 }""", new RuntimeSettings { Version = 4 }, out var applied);
        Assert.Null(applied);
        Assert.Equal("$.version: 3 is older than the version in force (4)", Assert.Single(errors));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "version": 1, "adaptation": [] }""")]
    public void MalformedDocument_IsRejectedWithOneClearError(string json)
    {
        var errors = Parse(json, new RuntimeSettings(), out var applied);
        Assert.Null(applied);
        Assert.Single(errors);
        Assert.StartsWith("$", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedDocument_IsRejectedBeforeParsing()
    {
        var json = "{\"version\":1,\"x\":\"" + new string('a', RuntimeConfigDocument.MaxBytes) + "\"}";
        var error = Assert.Single(Parse(json, new RuntimeSettings(), out _));
        Assert.Contains("limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedSchema_ListsExactlyTheSettingsTheValidatorKnows()
    {
        var schemaPath = Path.Combine(RepositoryPaths.Root(), "docs", "config.schema.json");
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(schemaPath));
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var expected = typeof(RuntimeSettings).GetProperties().Select(p => RuntimeConfigDocument.JsonName(p.Name)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, properties);
        var adaptation = schema.RootElement.GetProperty("properties").GetProperty("adaptation").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(typeof(AdaptationSettings).GetProperties().Select(p => RuntimeConfigDocument.JsonName(p.Name)).Order(StringComparer.Ordinal), adaptation);
    }

    [Fact]
    public void ShippedSchema_AdaptationBoundsAndDefaults_MatchTheValidator()
    {
        var schemaPath = Path.Combine(RepositoryPaths.Root(), "docs", "config.schema.json");
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(schemaPath));
        var properties = schema.RootElement.GetProperty("properties").GetProperty("adaptation").GetProperty("properties");
        var defaults = new AdaptationSettings();
        foreach (var property in typeof(AdaptationSettings).GetProperties())
        {
            var entry = properties.GetProperty(RuntimeConfigDocument.JsonName(property.Name));
            var value = property.GetValue(defaults)!;
            if (value is bool flag)
            {
                Assert.Equal(flag, entry.GetProperty("default").GetBoolean());
                continue;
            }
            Assert.True(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) == entry.GetProperty("default").GetDouble(), $"default of {property.Name}");
            var range = (System.ComponentModel.DataAnnotations.RangeAttribute)Attribute.GetCustomAttribute(property, typeof(System.ComponentModel.DataAnnotations.RangeAttribute))!;
            Assert.True(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture) == entry.GetProperty("minimum").GetDouble(), $"minimum of {property.Name}");
            Assert.True(Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture) == entry.GetProperty("maximum").GetDouble(), $"maximum of {property.Name}");
        }
    }

    [Fact]
    public void AdaptationTriggers_OutOfRange_AreListedWithTheirJsonPaths()
    {
        var errors = Parse("""{ "version": 1, "adaptation": { "driftThreshold": -0.5, "driftWindow": 3, "minIntervalSeconds": "soon" } }""", new RuntimeSettings(), out var applied);

        Assert.Null(applied);
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.driftThreshold:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.driftWindow:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.adaptation.minIntervalSeconds: must be an integer", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }
}
