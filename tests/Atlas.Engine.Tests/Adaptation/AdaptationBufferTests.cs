using Atlas.Engine.Adaptation;

namespace Atlas.Engine.Tests.Adaptation;

public sealed class AdaptationBufferTests
{
    private static readonly AdaptationBufferOptions Small = new()
    {
        Capacity = 100, ClassCount = 10, HeldOutEvery = 5, HeldOutCapacity = 20, Channels = 1, Height = 2, Width = 2, Seed = 7,
    };

    /// <summary>Frame i carries its stream index in every pixel, so a test can tell which frames were kept.</summary>
    private static float[] Frame(int index) => [index, index, index, index];

    /// <summary>A correlated stream: class 0 in 95% of frames, the rest spread over classes 1..9.</summary>
    private static IEnumerable<(float[] Frame, int Class)> SkewedStream(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return (Frame(i), random.NextDouble() < 0.95 ? 0 : 1 + random.Next(9));
    }

    private static AdaptationBuffer Fill(AdaptationBufferOptions options, int frames, int streamSeed = 3)
    {
        var buffer = new AdaptationBuffer(options);
        foreach (var (frame, c) in SkewedStream(frames, streamSeed)) buffer.Add(frame, c);
        return buffer;
    }

    [Fact]
    public void DominantClassStream_CannotCrowdOutOtherClasses()
    {
        var buffer = Fill(Small, 20_000);
        var counts = buffer.TrainCountsByClass();

        // 5% of 16 000 training frames are spread over 9 classes (~89 each), so every minority class fills its quota of 10.
        Assert.Equal(10, counts[0]);
        Assert.All(counts.Skip(1), c => Assert.Equal(10, c));
        Assert.Equal(100, buffer.TrainCount);
    }

    [Fact]
    public void LongStream_MemoryStaysWithinCapacity()
    {
        var buffer = Fill(Small, 50_000);
        var (train, heldOut) = buffer.Snapshot();

        Assert.Equal(50_000, buffer.Admitted);
        Assert.True(train.Count <= Small.Capacity, $"train holds {train.Count} > {Small.Capacity}");
        Assert.Equal(Small.HeldOutCapacity, heldOut.Count);
        Assert.Equal(train.Count * Small.FrameSize, train.Pixels.Length);
    }

    [Fact]
    public void SameSeedAndStream_LeaveIdenticalBuffers_OtherSeedDiffers()
    {
        var a = Fill(Small, 5_000).Snapshot();
        var b = Fill(Small, 5_000).Snapshot();
        var c = Fill(Small with { Seed = 8 }, 5_000).Snapshot();

        Assert.Equal(a.Train.Pixels.ToArray(), b.Train.Pixels.ToArray());
        Assert.Equal(a.HeldOut.Pixels.ToArray(), b.HeldOut.Pixels.ToArray());
        Assert.NotEqual(a.Train.Pixels.ToArray(), c.Train.Pixels.ToArray());
    }

    [Fact]
    public void HeldOutSlice_HoldsOneFrameOfEveryBlockOfK_AtVaryingPositions_AndNeverATrainingFrame()
    {
        var options = Small with { HeldOutCapacity = 1_000 };
        var (train, heldOut) = Fill(options, 3_000).Snapshot();
        var trainIds = Ids(train.Pixels.ToArray());
        var heldOutIds = Ids(heldOut.Pixels.ToArray());

        // Frame i is the i-th admitted (zero-based); block b holds frames [5b, 5b + 5).
        Assert.Equal(3_000 / options.HeldOutEvery, heldOutIds.Length);
        Assert.Equal(Enumerable.Range(0, 600), heldOutIds.Select(id => id / options.HeldOutEvery).Order());
        var positions = heldOutIds.GroupBy(id => id % options.HeldOutEvery).ToDictionary(g => g.Key, g => g.Count());
        // 600 blocks, position uniform over 5: 120 each expected; [80, 160] is beyond 4 standard deviations (≈ 9.8).
        Assert.Equal(options.HeldOutEvery, positions.Count);
        Assert.All(positions.Values, n => Assert.InRange(n, 80, 160));
        Assert.Empty(trainIds.Intersect(heldOutIds));
        Assert.Equal(heldOutIds.Length, heldOutIds.Distinct().Count());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(2)]
    public void PeriodicStream_KeepsEveryClassOnBothSides(int period)
    {
        // The scene repeats with a period that matches (or divides, or is a multiple of) HeldOutEvery = 5: frame i shows
        // class i % period. A fixed "every 5th frame" rule would send one phase, i.e. one class, only to the held-out slice.
        var options = Small with { Capacity = 1_000, HeldOutCapacity = 1_000 };
        var buffer = new AdaptationBuffer(options);
        for (int i = 0; i < 2_000; i++) buffer.Add(Frame(i), i % period);
        var (_, heldOut) = buffer.Snapshot();

        var heldOutClasses = Ids(heldOut.Pixels.ToArray()).GroupBy(id => id % period).ToDictionary(g => g.Key, g => g.Count());
        var trainCounts = buffer.TrainCountsByClass();

        // 400 held-out frames over `period` classes; each class expects 400 / period and gets at least a third of that.
        Assert.Equal(period, heldOutClasses.Count);
        Assert.All(heldOutClasses.Values, n => Assert.True(n >= 400 / period / 3, $"a class has only {n} held-out frames"));
        Assert.All(Enumerable.Range(0, period), c => Assert.True(trainCounts[c] > 0, $"class {c} has no training frame"));
    }

    [Fact]
    public void Snapshot_IsACopyUnaffectedByLaterFrames()
    {
        var buffer = Fill(Small, 300);
        var (train, _) = buffer.Snapshot();
        var before = train.Pixels.ToArray();
        foreach (var (frame, c) in SkewedStream(5_000, 11)) buffer.Add(frame, c);

        Assert.Equal(before, train.Pixels.ToArray());
        Assert.False(train.HasLabels);
        Assert.Equal(Small.ClassCount, train.ClassCount);
    }

    [Fact]
    public void ConcurrentAdds_CountEveryFrameAndStayBounded()
    {
        var buffer = new AdaptationBuffer(Small);
        Parallel.For(0, 4, worker =>
        {
            foreach (var (frame, c) in SkewedStream(2_000, worker)) buffer.Add(frame, c);
        });

        Assert.Equal(8_000, buffer.Admitted);
        Assert.Equal(100, buffer.TrainCount);
        Assert.Equal(20, buffer.HeldOutCount);
    }

    [Fact]
    public void Add_RejectsWrongSizeAndClassOutOfRange()
    {
        var buffer = new AdaptationBuffer(Small);
        var size = Assert.Throws<ArgumentException>(() => buffer.Add(new float[5], 0));
        Assert.Contains("5 floats", size.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Add(Frame(0), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptationBuffer(Small with { Capacity = 5 }));
    }

    [Fact]
    public void RecentWindow_AfterASceneChange_RoundsSeeOnlyTheNewScene()
    {
        // 5 000 frames of an old scene, then 300 of a new one predicted as other classes: with a window of 300 the
        // snapshot holds only new frames (ids ≥ 5 000), although the old scene's classes still sit in their reservoirs.
        var options = Small with { RecentWindow = 300 };
        var buffer = Fill(options, 5_000);
        for (int i = 5_000; i < 5_300; i++) buffer.Add(Frame(i), 1 + (i % 3));

        var (train, heldOut) = buffer.Snapshot();
        var (uniformTrain, _) = Fill(Small, 5_000).Snapshot();

        Assert.NotEmpty(Ids(train.Pixels.ToArray()));
        Assert.All(Ids(train.Pixels.ToArray()), id => Assert.True(id >= 5_000, $"frame {id} is older than the window"));
        Assert.All(Ids(heldOut.Pixels.ToArray()), id => Assert.True(id >= 5_000, $"held-out frame {id} is older than the window"));
        Assert.Equal(3 * (Small.Capacity / Small.ClassCount), train.Count);  // each of the 3 new classes keeps its newest 10
        Assert.Equal(Small.Capacity, buffer.TrainCount);                     // memory is still bounded by the capacity
        Assert.Equal(Small.Capacity, uniformTrain.Count);                    // without a window, every class is in the round
    }

    [Fact]
    public void RecentWindow_KeepsTheNewestFramesOfEachClass()
    {
        var buffer = new AdaptationBuffer(Small with { RecentWindow = 1_000 });
        for (int i = 0; i < 200; i++) buffer.Add(Frame(i), 0);

        var ids = Ids(buffer.Snapshot().Train.Pixels.ToArray());

        // Class 0 keeps 10 slots and the newest 10 training frames remain: with one frame in 5 held out, those lie
        // within the last 13 frames (187..199), while a uniform reservoir would keep frames from the whole stream.
        Assert.Equal(10, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 187, 199));
    }

    private static int[] Ids(float[] pixels) => Enumerable.Range(0, pixels.Length / 4).Select(i => (int)pixels[i * 4]).ToArray();
}
