using Atlas.Engine.Models;

namespace Atlas.Engine.Tests.Execution;

public sealed class VisionTransformerParityTests
{
    private static readonly VisionTransformerOptions Small = new() { ImageSize = 16, PatchSize = 4, Dim = 32, Depth = 2, Heads = 4, Classes = 6, Seed = 5 };

    [Theory]
    [InlineData(1, 17)]
    [InlineData(4, 17)]
    [InlineData(2, 21)]
    public void Vit_AnyBatch_MatchesOnnxRuntime(int batch, long opset)
    {
        // Relative tolerance 1e-4 of max |logit| (fp32), as for single ops.
        var model = VisionTransformerBuilder.Build(Small with { Opset = opset });
        var feeds = new Dictionary<string, HostTensor> { ["input"] = HostTensor.Random(7, [batch, 3, 16, 16]) };
        ParityHarness.AssertMatchesOrt(model, feeds);
    }

    [Fact]
    public void Vit_GradientsOfFusedQkvClassTokenAndPositions_MatchFiniteDifferences()
    {
        // float64 executor, central differences with step 1e-6, tolerance 1e-6 relative.
        var model = VisionTransformerBuilder.Build(Small with { ImageSize = 8, Dim = 16, Heads = 2, Depth = 1 });
        var feeds = new Dictionary<string, HostTensor> { ["input"] = HostTensor.Random(8, [2, 3, 8, 8]) };
        GradientChecker.AssertGradientsMatch(model, feeds,
            ["encoder.layers.0.self_attention.in_proj_weight", "class_token", "encoder.pos_embedding"],
            maxElements: 4);
    }
}
