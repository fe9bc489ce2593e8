using Atlas.Engine.Inference;

namespace Atlas.Engine.Tests.Inference;

/// <summary>Bad compositions are rejected before a session is built, and the current model keeps serving.</summary>
public sealed class PublishValidationTests
{
    public static TheoryData<string, float[], string> BadOverrides() => new()
    {
        { "classifier.weight", new float[12], "'classifier.weight' is not an initializer of the model" },
        { "fc.weight", new float[8], "'fc.weight' expects shape [3,4] (12 values) but the override has 8 values" },
        { "fc.bias", [0f, float.NaN, 0f], "'fc.bias' has a non-finite value NaN at index 1 (shape [3])" },
        { "conv.bias", [0f, 0f, float.PositiveInfinity, 0f], "'conv.bias' has a non-finite value Infinity at index 2" },
    };

    [Theory]
    [MemberData(nameof(BadOverrides))]
    public async Task Publish_BadOverride_ThrowsNamingItAndKeepsServingCurrentModel(string name, float[] values, string expected)
    {
        var model = InferenceTestModels.Cnn();
        await using var host = InferenceHostTests.CreateHost(o => o.WeightMode = InferenceWeightMode.SharedInitializers);
        await host.PublishAsync(ServedModelSpec.FromModel(model, "v1", InferenceTestModels.VersionBias(1)), CancellationToken.None);
        var before = await host.InferAsync(InferenceTestModels.Sample(5), CancellationToken.None);

        var bad = new Dictionary<string, float[]>(InferenceTestModels.VersionBias(2)) { [name] = values };
        var e = await Assert.ThrowsAsync<InferenceException>(() => host.PublishAsync(ServedModelSpec.FromModel(model, "v2", bad), CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("'v2'", e.Message, StringComparison.Ordinal);
        Assert.Equal("v1", host.Current?.Version);
        var after = await host.InferAsync(InferenceTestModels.Sample(5), CancellationToken.None);
        Assert.Equal("v1", after.ModelVersion);
        Assert.Equal(before.Logits, after.Logits);
        Assert.Equal(1, host.Metrics.LiveModels);
        Assert.Equal(1, host.Metrics.LiveBuffers);
    }

    [Fact]
    public async Task Publish_ModelOnnxRuntimeRejects_ReleasesItsBuffersAndKeepsServing()
    {
        await using var host = InferenceHostTests.CreateHost(o => o.WeightMode = InferenceWeightMode.SharedInitializers);
        await host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1", InferenceTestModels.VersionBias(1)), CancellationToken.None);
        var broken = InferenceTestModels.Cnn(withUnknownOp: true);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            host.PublishAsync(ServedModelSpec.FromModel(broken, "v2", InferenceTestModels.VersionBias(2)), CancellationToken.None));

        Assert.Equal("v1", host.Current?.Version);
        Assert.Equal(1, host.Metrics.LiveModels);
        Assert.Equal(1, host.Metrics.LiveBuffers);
        Assert.Equal("v1", (await host.InferAsync(InferenceTestModels.Sample(2), CancellationToken.None)).ModelVersion);
    }

    [Fact]
    public async Task Publish_SeveralBadOverrides_ListsEveryOne()
    {
        await using var host = InferenceHostTests.CreateHost();
        var bad = new Dictionary<string, float[]> { ["nope"] = [1f], ["fc.bias"] = [1f, 2f] };
        var e = await Assert.ThrowsAsync<InferenceException>(() =>
            host.PublishAsync(ServedModelSpec.FromModel(InferenceTestModels.Cnn(), "v1", bad), CancellationToken.None));
        Assert.Contains("'nope' is not an initializer", e.Message, StringComparison.Ordinal);
        Assert.Contains("'fc.bias' expects shape [3] (3 values) but the override has 2 values", e.Message, StringComparison.Ordinal);
        Assert.Null(host.Current);
        Assert.Equal(0, host.Metrics.LiveModels);
    }

    [Fact]
    public async Task Publish_MissingModelFile_ThrowsNamingThePath()
    {
        await using var host = InferenceHostTests.CreateHost();
        var path = Path.Combine(Path.GetTempPath(), "atlas-missing-" + Guid.NewGuid().ToString("N") + ".onnx");
        var e = await Assert.ThrowsAsync<InferenceException>(() => host.PublishAsync(ServedModelSpec.FromFile(path, "v1"), CancellationToken.None));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
