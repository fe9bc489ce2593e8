using Atlas.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Configuration;

public sealed class StartupValidationTests
{
    [Fact]
    public void BadSettingsInSeveralSections_AreAllReportedWithTheirPaths()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mqtt:Port"] = "0",
            ["Mqtt:Reconnect:MaxDelayMilliseconds"] = "10",
            ["Agent:DeviceId"] = "has/slash",
            ["Ingest:Limits:MaxWidth"] = "0",
            ["Inference:MaxBatchSize"] = "0",
        };

        var error = Assert.ThrowsAny<Exception>(() => AgentHostFactory.Build(null, [], settings).Dispose());

        var failures = (error is AggregateException a ? a.InnerExceptions : [error])
            .OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Port:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mqtt:Reconnect:MaxDelayMilliseconds:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Agent:DeviceId:", StringComparison.Ordinal) && f.Contains("has/slash", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ingest:Limits:MaxWidth:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:MaxBatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void EmbeddedBrokerWithSharedGroup_IsRefusedWithTheReason()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            AgentHostFactory.Build(null, [], new Dictionary<string, string?> { ["Mqtt:SharedSubscriptionGroup"] = "g" }).Dispose());
        Assert.Contains(error.Failures, f => f.StartsWith("Mqtt:SharedSubscriptionGroup:", StringComparison.Ordinal) && f.Contains("External", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdaptationWithoutAThreadBudget_IsRefusedNamingTheSetting()
    {
        using var folder = new TestSupport.TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Adaptation:Bank"] = TestSupport.RepositoryPaths.SampleBank(),
            ["Adaptation:Threads"] = "0",
            ["Model:Path"] = Path.Combine(TestSupport.RepositoryPaths.SampleBank(), "base.onnx"),
            ["Agent:StateDirectory"] = folder.File("state"),
            ["Mqtt:Port"] = TestSupport.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = AgentHostFactory.Build(null, [], settings);
            await host.StartAsync();
        });

        Assert.Contains(error.Failures, f => f.StartsWith("Adaptation:Threads:", StringComparison.Ordinal));
    }
}
