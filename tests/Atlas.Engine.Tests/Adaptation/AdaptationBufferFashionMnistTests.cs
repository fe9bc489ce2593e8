using Atlas.Engine.Adaptation;
using Atlas.Engine.Tests.Data;

namespace Atlas.Engine.Tests.Adaptation;

/// <summary>The buffer fed real Fashion-MNIST frames in a correlated stream, with the true label standing in for the prediction.</summary>
[Collection(FashionMnistGroup.Name)]
public sealed class AdaptationBufferFashionMnistTests(FashionMnistFixture fashion)
{
    [Fact]
    public void CorrelatedRealStream_KeepsEveryClass_AndSnapshotsExactFrames()
    {
        var test = fashion.Test.Slice(0, 4_000);
        var labels = test.Labels!;
        int size = test.ImageSize;
        var pixels = test.Pixels.Span;
        var options = new AdaptationBufferOptions { Capacity = 100, ClassCount = 10, HeldOutEvery = 4, HeldOutCapacity = 40, Seed = 5 };
        var buffer = new AdaptationBuffer(options);
        var sources = new HashSet<string>(StringComparer.Ordinal);

        // A scene dominated by T-shirts (class 0): each frame is a class-0 image with probability 0.95, else any other image.
        var tshirts = Enumerable.Range(0, test.Count).Where(i => labels[i] == 0).ToArray();
        var others = Enumerable.Range(0, test.Count).Where(i => labels[i] != 0).ToArray();
        var scene = new Random(9);
        int minority = 0;
        for (int n = 0; n < 6_000; n++)
        {
            int index = scene.NextDouble() < 0.95 ? tshirts[n % tshirts.Length] : others[minority++ % others.Length];
            var frame = pixels.Slice(index * size, size).ToArray();
            sources.Add(Key(frame));
            buffer.Add(frame, labels[index]);
        }
        var (train, heldOut) = buffer.Snapshot();
        var counts = buffer.TrainCountsByClass();

        // ~300 minority frames, ~3/4 of them for training, spread over 9 classes: ~25 each, above the quota of 10.
        Assert.InRange(minority, 240, 360);
        Assert.Equal(10, counts[0]);
        Assert.All(counts.Skip(1), c => Assert.Equal(10, c));
        Assert.Equal(40, heldOut.Count);
        var kept = train.Pixels.ToArray();
        for (int i = 0; i < train.Count; i++) Assert.Contains(Key(kept.AsSpan(i * size, size).ToArray()), sources);
    }

    private static string Key(float[] frame) => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.AsSpan()));
}
