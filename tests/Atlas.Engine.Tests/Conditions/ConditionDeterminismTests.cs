using Atlas.Engine.Conditions;
using Atlas.Engine.Tests.Data;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Conditions;

[Collection(FashionMnistGroup.Name)]
public class ConditionDeterminismTests(FashionMnistFixture fashion)
{
    public static TheoryData<string> Names() => new(ConditionSpec.KnownNames);

    [Theory]
    [MemberData(nameof(Names))]
    public void SameSeed_GivesTheSameOutput(string name)
    {
        using var images = fashion.Test.ToTensor(0, 16);
        var spec = ConditionSpec.Parse(name);
        using var first = spec.Apply(images, seed: 42);
        using var second = spec.Apply(images, seed: 42);
        Assert.True(ImageStats.Identical(first, second), $"{name} gave different outputs for the same seed.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OtherSeed_ChangesOutputExactlyWhenTheConditionIsRandom(string name)
    {
        using var images = fashion.Test.ToTensor(0, 16);
        var spec = ConditionSpec.Parse(name);
        using var first = spec.Apply(images, seed: 1);
        using var second = spec.Apply(images, seed: 2);
        Assert.Equal(spec.Steps[0].IsRandom, !ImageStats.Identical(first, second));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Output_KeepsShapeStaysInUnitRangeAndLeavesInputAlone(string name)
    {
        using var images = fashion.Test.ToTensor(0, 16);
        using var copy = images.clone();
        foreach (var severity in new[] { 1, 5 })
        {
            using var output = ConditionSpec.Parse($"{name}:{severity}").Apply(images, seed: 3);
            Assert.Equal(images.shape, output.shape);
            Assert.True(output.min().item<float>() >= 0f && output.max().item<float>() <= 1f, $"{name}:{severity} left [0, 1].");
        }
        Assert.True(ImageStats.Identical(images, copy), $"{name} modified its input.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void RgbNonSquareImages_AreSupported(string name)
    {
        using var generator = new Generator(7);
        using var images = rand([3, 3, 20, 24], generator: generator);
        using var output = ConditionSpec.Parse(name).Apply(images, seed: 5);
        Assert.Equal(new long[] { 3, 3, 20, 24 }, output.shape);
        Assert.True(output.min().item<float>() >= 0f && output.max().item<float>() <= 1f);
    }

    [Fact]
    public void Dataset_IsTransformedDeterministicallyAndKeepsLabels()
    {
        var data = fashion.Test.Slice(0, 300);
        var spec = ConditionSpec.Parse("fog+noise:2");
        var first = spec.Apply(data, seed: 9);
        var second = spec.Apply(data, seed: 9);
        Assert.True(first.Pixels.Span.SequenceEqual(second.Pixels.Span));
        Assert.False(first.Pixels.Span.SequenceEqual(data.Pixels.Span));
        Assert.Equal(data.Labels!, first.Labels!);
        Assert.Equal(data.ClassCount, first.ClassCount);
        Assert.Same(data, ConditionSpec.Clean.Apply(data, seed: 9));
    }
}
