using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Tests.Inference;

public sealed class InferenceHostTests
{
    private const float Tolerance = 1e-5f;

    internal static InferenceHost CreateHost(Action<InferenceHostOptions>? configure = null)
    {
        var options = new InferenceHostOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        configure?.Invoke(options);
        return new InferenceHost(Options.Create(options), NullLogger<InferenceHost>.Instance);
    }

    internal static float[] RunPlain(OnnxModel model, float[] sample, IReadOnlyDictionary<string, float[]>? overrides = null)
    {
        using var session = new InferenceSession(model.ToBytes(overrides));
        using var input = OrtValue.CreateTensorValueFromMemory(sample, [1, InferenceTestModels.Channels, InferenceTestModels.Size, InferenceTestModels.Size]);
        using var outputs = session.Run(new RunOptions(), ["image"], [input], ["logits"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public async Task Publish_BaseModel_ServesOnnxRuntimeOutputsAndDescribesModel()
    {
        var model = InferenceTestModels.Cnn();
        await using var host = CreateHost();
        var info = await host.PublishAsync(ServedModelSpec.FromModel(model, "v0"), CancellationToken.None);

        Assert.Equal("v0", info.Version);
        Assert.Equal("image", info.InputName);
        Assert.Equal([2L, 6L, 6L], info.SampleShape);
        Assert.Equal(["logits"], info.OutputNames);
        Assert.Equal(3, info.ClassCount);
        Assert.True(info.SupportsBatching);
        Assert.Equal(["cpu"], info.Providers);
        Assert.Same(info, host.Current);

        var sample = InferenceTestModels.Sample(1);
        var result = await host.InferAsync(sample, CancellationToken.None);
        Assert.Equal("v0", result.ModelVersion);
        Assert.Equal(RunPlain(model, sample), result.Logits, (a, b) => Math.Abs(a - b) <= Tolerance);
    }

    [Fact]
    public async Task InferAsync_BeforeAnyPublish_ThrowsNamingTheProblem()
    {
        await using var host = CreateHost();
        var e = await Assert.ThrowsAsync<InferenceException>(() => host.InferAsync(InferenceTestModels.Sample(1), CancellationToken.None));
        Assert.Contains("No model has been published", e.Message, StringComparison.Ordinal);
    }
}
