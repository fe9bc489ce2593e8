using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

[Collection(FashionMnistGroup.Name)]
public class FashionMnistReaderTests(FashionMnistFixture fashion)
{
    [Fact]
    public void Train_Has60000LabeledGrayscale28x28Images()
    {
        var train = fashion.Train;
        Assert.Equal(60000, train.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        Assert.Equal(10, train.ClassCount);
        Assert.Equal(60000, train.Labels!.Count);
        Assert.Equal(60000 * 784, train.Pixels.Length);
    }

    [Fact]
    public void Train_FirstLabelIsAnkleBoot()
    {
        Assert.Equal(9, fashion.Train.Labels![0]);
        Assert.Equal("Ankle boot", fashion.Train.ClassNames![9]);
    }

    [Fact]
    public void Test_Has10000ImagesWithEveryClassEqually()
    {
        var test = fashion.Test;
        Assert.Equal(10000, test.Count);
        Assert.All(test.Labels!.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
    }

    [Fact]
    public void Pixels_SpanTheUnitInterval()
    {
        var span = fashion.Test.Pixels.Span;
        var min = float.MaxValue;
        var max = float.MinValue;
        foreach (var p in span)
        {
            min = Math.Min(min, p);
            max = Math.Max(max, p);
        }
        // uint8 0 and 255 both occur in Fashion-MNIST, so the range is exactly [0, 1].
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }

    [Fact]
    public void RangeSpec_SelectsTheSameImagesAsSlice()
    {
        var ranged = DataSpec.Parse("fashion-mnist:test[100:250]").Load();
        var sliced = fashion.Test.Slice(100, 150);
        Assert.Equal(150, ranged.Count);
        Assert.True(ranged.Pixels.Span.SequenceEqual(sliced.Pixels.Span));
        Assert.Equal(sliced.Labels!, ranged.Labels!);
        Assert.Equal(10, ranged.ClassCount);
    }

    [Fact]
    public void ToTensor_CopiesTheRequestedImagesInNchwOrder()
    {
        using var tensor = fashion.Train.ToTensor(5, 3);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, tensor.shape);
        var expected = fashion.Train.Pixels.Span.Slice((5 * 784) + (13 * 28) + 14, 1)[0];
        Assert.Equal(expected, tensor[0, 0, 13, 14].item<float>());
        using var labels = fashion.Train.LabelsToTensor(0, 2);
        Assert.Equal(9L, labels[0].item<long>());
    }
}
