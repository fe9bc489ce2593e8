using Atlas.Engine.Experiments;
using Atlas.Engine.Learning.Modes;
using Atlas.Engine.Models;

namespace Atlas.Engine.Tests.Learning;

public sealed class NormalizationParametersTests
{
    [Fact]
    public void Find_ExportStyleGroupNormCnn_ReturnsEveryGammaAndBeta()
    {
        var model = ModelZoo.SmallCnn(width: 8);
        // GroupNorm layers are named gnN, and downsample.1 in a residual block's shortcut.
        var expected = model.Initializers.Select(i => i.Name)
            .Where(n => n.Contains("gn", StringComparison.Ordinal) || n.Contains("downsample.1.", StringComparison.Ordinal)).ToArray();
        Assert.Contains(expected, n => n.Contains("downsample", StringComparison.Ordinal));
        Assert.Equal(expected, NormalizationParameters.Find(model));
    }

    [Fact]
    public void Find_VisionTransformer_ReturnsLayerNormScalesAndBiases()
    {
        var model = VisionTransformerBuilder.Build(new VisionTransformerOptions { Classes = 3 });
        var found = NormalizationParameters.Find(model);
        Assert.NotEmpty(found);
        Assert.All(found, n => Assert.Contains("ln", n, StringComparison.Ordinal));
    }

    [Fact]
    public void HeadParameters_SmallCnn_IsTheFinalLinearLayer()
    {
        Assert.Equal(["fc.weight", "fc.bias"], HeadParameters.Find(ModelZoo.SmallCnn(width: 8)));
    }
}
