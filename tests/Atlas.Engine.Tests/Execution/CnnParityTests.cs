using Atlas.Engine.Models;

namespace Atlas.Engine.Tests.Execution;

public sealed class CnnParityTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void SmallCnn_MatchesOrtAtBatch(int batch)
    {
        var model = ModelZoo.SmallCnn(seed: 2);
        var feeds = new Dictionary<string, HostTensor> { [CnnBuilder.InputName] = HostTensor.Random(batch, [batch, 1, 28, 28], 0f, 1f) };
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void TinyResidualCnn_GradientsMatchFiniteDifferences()
    {
        var model = new CnnBuilder(2, 8, 8, seed: 4)
            .Normalize([0.5f, 0.4f], [0.3f, 0.2f])
            .Conv("conv1", 4, 3, padding: 1)
            .GroupNorm("gn1", 2)
            .Relu()
            .MaxPool(2)
            .ResidualBlock("layer1", 8, stride: 2, groups: 4)
            .GlobalAveragePool()
            .Flatten()
            .Linear("fc", 3)
            .Build();
        var feeds = new Dictionary<string, HostTensor> { [CnnBuilder.InputName] = HostTensor.Random(3, [2, 2, 8, 8], 0f, 1f) };

        ParityHarness.AssertMatchesOrt(model, feeds);
        GradientChecker.AssertGradientsMatch(model, feeds,
            [CnnBuilder.InputName, "conv1.weight", "gn1.weight", "layer1.conv2.weight", "layer1.downsample.1.bias", "fc.weight"], maxElements: 12);
    }
}
