using Atlas.Engine.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Engine.Tests.Inference;

/// <summary>Providers this CPU-only build lacks (cuda, dml) are skipped with a reason, or fail in strict mode.</summary>
public sealed class ExecutionProviderTests
{
    [Theory]
    [InlineData("cuda", "CUDAExecutionProvider")]
    [InlineData("dml", "DmlExecutionProvider")]
    public async Task Publish_UnavailableProvider_IsSkippedWithLoggedReasonAndServesOnCpu(string provider, string ortName)
    {
        var logger = new ListLogger<InferenceHost>();
        var options = new InferenceHostOptions { IntraOpThreads = 1 };
        options.ExecutionProviders.Add(provider);
        options.ExecutionProviders.Add("cpu");
        await using var host = new InferenceHost(Options.Create(options), logger);

        var info = await host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1"), CancellationToken.None);
        var result = await host.InferAsync(InferenceTestModels.Sample(1), CancellationToken.None);

        Assert.Equal(["cpu"], info.Providers);
        Assert.Equal("v1", result.ModelVersion);
        var skipped = Assert.Single(logger.Entries, e => e.Id.Id == 6001);
        Assert.Equal(LogLevel.Warning, skipped.Level);
        Assert.Contains($"'{provider}' skipped", skipped.Message, StringComparison.Ordinal);
        Assert.Contains($"does not include {ortName}", skipped.Message, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_UnavailableProviderInStrictMode_FailsNamingTheProvider()
    {
        var options = new InferenceHostOptions { StrictProviders = true };
        options.ExecutionProviders.Add("cuda");
        await using var host = new InferenceHost(Options.Create(options), new ListLogger<InferenceHost>());

        var e = await Assert.ThrowsAsync<InferenceException>(() =>
            host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1"), CancellationToken.None));

        Assert.Contains("'cuda' is unavailable and StrictProviders is set", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDAExecutionProvider", e.Message, StringComparison.Ordinal);
        Assert.Null(host.Current);
        Assert.Equal(0, host.Metrics.LiveModels);
    }

    [Fact]
    public async Task Publish_SkippedProvider_IsLoggedOncePerHostNotPerSwap()
    {
        var logger = new ListLogger<InferenceHost>();
        var options = new InferenceHostOptions();
        options.ExecutionProviders.Add("openvino");
        await using var host = new InferenceHost(Options.Create(options), logger);
        for (var v = 0; v < 3; v++)
            await host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), $"v{v}"), CancellationToken.None);
        Assert.Single(logger.Entries, e => e.Id.Id == 6001);
    }
}
