using Atlas.Engine.Conditions;
using Atlas.Engine.Tests.Data;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Conditions;

/// <summary>Each condition changes real Fashion-MNIST images the way its name says, measured independently.</summary>
[Collection(FashionMnistGroup.Name)]
public class ConditionEffectTests(FashionMnistFixture fashion)
{
    private (Tensor Clean, Tensor Changed) Run(string condition)
    {
        var clean = fashion.Test.ToTensor(0, 16);
        return (clean, ConditionSpec.Parse(condition).Apply(clean, seed: 11));
    }

    [Fact]
    public void Dark_LowersTheMean()
    {
        var (clean, dark) = Run("dark");
        Assert.True(ImageStats.Mean(dark) < 0.6 * ImageStats.Mean(clean));
    }

    [Fact]
    public void Overexposure_RaisesTheMeanAndSaturates()
    {
        var (clean, bright) = Run("overexposure");
        Assert.True(ImageStats.Mean(bright) > ImageStats.Mean(clean) + 0.1);
        Assert.True((bright == 1f).sum().item<long>() > (clean == 1f).sum().item<long>());
    }

    [Theory]
    [InlineData("gaussian-blur")]
    [InlineData("motion-blur")]
    public void Blur_LowersHighFrequencyEnergy(string condition)
    {
        var (clean, blurred) = Run(condition);
        Assert.True(ImageStats.LaplacianEnergy(blurred) < 0.7 * ImageStats.LaplacianEnergy(clean));
    }

    [Theory]
    [InlineData("gaussian-noise")]
    [InlineData("shot-noise")]
    [InlineData("salt-and-pepper")]
    public void Noise_RaisesHighFrequencyEnergy(string condition)
    {
        var (clean, noisy) = Run(condition);
        Assert.True(ImageStats.LaplacianEnergy(noisy) > 1.3 * ImageStats.LaplacianEnergy(clean));
    }

    [Fact]
    public void GaussianNoise_GrowsWithSeverity()
    {
        var (_, mild) = Run("noise:1");
        var (_, strong) = Run("noise:5");
        Assert.True(ImageStats.LaplacianEnergy(strong) > ImageStats.LaplacianEnergy(mild));
    }

    [Fact]
    public void SaltAndPepper_SetsAboutTheSeverityFractionToBlackOrWhite()
    {
        // Severity 3 hits 7% of positions; count positions that turned to exact 0 or 1 from something else.
        var (clean, noisy) = Run("salt-and-pepper");
        var hit = ((noisy != clean) & ((noisy == 0f) | (noisy == 1f))).to_type(ScalarType.Float64).mean().item<double>();
        var unchangedPossible = ((clean == 0f) | (clean == 1f)).to_type(ScalarType.Float64).mean().item<double>();
        // Hits on pixels already at the chosen extreme are invisible, so the visible share lies below 7%.
        Assert.InRange(hit, 0.07 * (1 - unchangedPossible) * 0.5, 0.07 * 1.2);
    }

    [Fact]
    public void LowContrast_LowersStdAndKeepsTheMean()
    {
        var (clean, flat) = Run("low-contrast");
        Assert.True(ImageStats.Std(flat) < 0.5 * ImageStats.Std(clean));
        Assert.Equal(ImageStats.Mean(clean), ImageStats.Mean(flat), 3); // tolerance 1e-3
    }

    [Fact]
    public void Fog_RaisesTheMeanAndLowersContrast()
    {
        var (clean, foggy) = Run("fog");
        Assert.True(ImageStats.Mean(foggy) > ImageStats.Mean(clean) + 0.1);
        Assert.True(ImageStats.Std(foggy) < 0.8 * ImageStats.Std(clean));
    }

    [Fact]
    public void Rotation_TurnsTheCentreOfMassAboutTheImageCentre()
    {
        using var blobs = ImageStats.Blobs((4, 4), (20, 6), (5, 19));
        using var rotated = ConditionSpec.Parse("rotation:3").Apply(blobs, seed: 4);
        for (var i = 0; i < 3; i++)
        {
            var before = ImageStats.CentreOfMass(blobs, i);
            var after = ImageStats.CentreOfMass(rotated, i);
            var radiusBefore = Math.Sqrt(Math.Pow(before.X - 13.5, 2) + Math.Pow(before.Y - 13.5, 2));
            var radiusAfter = Math.Sqrt(Math.Pow(after.X - 13.5, 2) + Math.Pow(after.Y - 13.5, 2));
            var turned = Math.Abs(Math.Atan2(after.Y - 13.5, after.X - 13.5) - Math.Atan2(before.Y - 13.5, before.X - 13.5));
            // Severity 3 turns by 9 to 18 degrees; the blob keeps its distance from the centre (tolerance 0.5 px, 1 degree).
            Assert.InRange(turned * 180 / Math.PI, 8, 19);
            Assert.Equal(radiusBefore, radiusAfter, 0.5);
        }
    }

    [Fact]
    public void Translation_MovesTheCentreOfMassByWholePixelsKeepingTheBlob()
    {
        using var blobs = ImageStats.Blobs((12, 12), (10, 14));
        using var shifted = ConditionSpec.Parse("translation:3").Apply(blobs, seed: 6);
        for (var i = 0; i < 2; i++)
        {
            var before = ImageStats.CentreOfMass(blobs, i);
            var after = ImageStats.CentreOfMass(shifted, i);
            var (dx, dy) = (after.X - before.X, after.Y - before.Y);
            Assert.True(Math.Abs(dx) + Math.Abs(dy) >= 1, "The image did not move.");
            Assert.Equal(Math.Round(dx), dx, 3);
            Assert.Equal(Math.Round(dy), dy, 3);
            // At most 15% of 28 px = 4 px per axis, so the blob stays whole: same mass (tolerance 1e-3).
            Assert.Equal(blobs[i].sum().item<float>(), shifted[i].sum().item<float>(), 3);
        }
    }

    [Fact]
    public void Occlusion_CoversOneSquarePatchWithGray()
    {
        using var generator = new Generator(1);
        using var images = (rand([4, 1, 28, 28], generator: generator) * 0.4) + 0.6; // never 0.5
        using var occluded = ConditionSpec.Parse("occlusion:3").Apply(images, seed: 8);
        var side = (int)Math.Round(0.3 * 28);
        for (var i = 0; i < 4; i++)
        {
            var covered = (occluded[i, 0] == 0.5f).nonzero();
            Assert.Equal(side * side, covered.shape[0]);
            var rows = covered[.., 0];
            var cols = covered[.., 1];
            Assert.Equal(side - 1, (rows.max() - rows.min()).item<long>());
            Assert.Equal(side - 1, (cols.max() - cols.min()).item<long>());
            Assert.Equal(28 * 28 - (side * side), (occluded[i] == images[i]).sum().item<long>());
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    public void Pixelation_MakesBlocksEqualToTheirMean(int severity, int block)
    {
        var clean = fashion.Test.ToTensor(0, 4);
        using var pixelated = ConditionSpec.Parse($"pixelation:{severity}").Apply(clean, seed: 0);
        for (var by = 0; by < 28; by += block)
        {
            for (var bx = 0; bx < 28; bx += block)
            {
                var cell = pixelated[.., .., by..(by + block), bx..(bx + block)];
                var expected = clean[.., .., by..(by + block), bx..(bx + block)].mean([2, 3], keepdim: true);
                Assert.True(cell.allclose(expected.expand_as(cell), rtol: 0, atol: 1e-6), $"Block at ({by}, {bx}) is not uniform.");
            }
        }
    }

    [Fact]
    public void Jpeg_AddsCompressionErrorThatGrowsAsQualityFalls()
    {
        var clean = fashion.Test.ToTensor(0, 16);
        using var mild = ConditionSpec.Parse("jpeg:1").Apply(clean, seed: 0);
        using var strong = ConditionSpec.Parse("jpeg:5").Apply(clean, seed: 0);
        var mildError = (mild - clean).abs().mean().item<float>();
        var strongError = (strong - clean).abs().mean().item<float>();
        Assert.InRange(mildError, 0.002, 0.05);
        Assert.True(strongError > 1.5 * mildError, $"quality 8 error {strongError} vs quality 60 error {mildError}");
    }

    [Fact]
    public void Clean_IsTheIdentity()
    {
        var (clean, same) = Run("clean");
        Assert.True(ImageStats.Identical(clean, same));
    }

    [Fact]
    public void Composition_AppliesBothConditions()
    {
        var (clean, dark) = Run("dark");
        var (_, darkNoisy) = Run("dark+noise");
        Assert.True(ImageStats.Mean(darkNoisy) < ImageStats.Mean(clean));
        Assert.True(ImageStats.LaplacianEnergy(darkNoisy) > 1.5 * ImageStats.LaplacianEnergy(dark));
    }
}
