using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

public class ImageDatasetTests
{
    // Five 1×1×2 images: image i holds (i/8, i/8 + 1/16), exact in binary; labels 0..4 reversed.
    private static ImageDataset Five() =>
        new(Enumerable.Range(0, 5).SelectMany(i => new[] { i / 8f, (i / 8f) + 0.0625f }).ToArray(), 1, 1, 2, [4, 3, 2, 1, 0]);

    [Fact]
    public void Slice_IsAViewKeepingTheClassCount()
    {
        var data = Five();
        var slice = data.Slice(3, 2);
        Assert.Equal(2, slice.Count);
        Assert.Equal([1, 0], slice.Labels!);
        Assert.Equal(5, slice.ClassCount);
        Assert.Equal([0.375f, 0.4375f, 0.5f, 0.5625f], slice.Pixels.ToArray());
        Assert.True(slice.Pixels.Span.Overlaps(data.Pixels.Span), "A slice must share the dataset's memory.");
        Assert.Equal([0.5f, 0.5625f], slice.Slice(1, 1).Pixels.ToArray());
    }

    [Fact]
    public void Subset_CopiesTheChosenImagesInOrder()
    {
        var subset = Five().Subset([4, 0, 4]);
        Assert.Equal([0.5f, 0.5625f, 0f, 0.0625f, 0.5f, 0.5625f], subset.Pixels.ToArray());
        Assert.Equal([0, 4, 0], subset.Labels!);
        Assert.Throws<ArgumentOutOfRangeException>(() => Five().Subset([5]));
    }

    [Fact]
    public void SliceOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Five().Slice(4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Five().ToTensor(-1, 1));
    }

    [Fact]
    public void Constructor_RejectsInconsistentInputs()
    {
        Assert.Throws<ArgumentException>(() => new ImageDataset(new float[7], 1, 2, 2));
        Assert.Throws<ArgumentException>(() => new ImageDataset(new float[8], 1, 2, 2, [0]));
        Assert.Throws<ArgumentException>(() => new ImageDataset(new float[8], 1, 2, 2, [0, 3], classCount: 3));
    }

    [Fact]
    public void LabelsToTensor_GivesInt64ClassIndices()
    {
        using var labels = Five().LabelsToTensor(1, 3);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, labels.dtype);
        Assert.Equal([3L, 2L, 1L], labels.data<long>().ToArray());
        var unlabeled = new ImageDataset(new float[4], 1, 1, 2);
        Assert.Throws<InvalidOperationException>(() => unlabeled.LabelsToTensor(0, 1));
    }
}
