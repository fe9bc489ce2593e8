using Atlas.Agent.Adaptation;
using Atlas.Agent.Tests.TestSupport;
using Atlas.Engine.Conditions;
using Atlas.Engine.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Agent.Tests.Adaptation;

public sealed class DriftDetectorTests
{
    /// <summary>Feeds <paramref name="values"/>; returns the index of the first value after which drift is reported, or -1.</summary>
    private static int FirstDrift(DriftDetector detector, IEnumerable<double> values)
    {
        var i = 0;
        foreach (var value in values)
        {
            detector.Observe(value);
            if (detector.Drifted) return i;
            i++;
        }
        return -1;
    }

    private static double[] Uniform(Random random, int count, double low, double high) =>
        Enumerable.Range(0, count).Select(_ => low + (random.NextDouble() * (high - low))).ToArray();

    /// <summary>Prediction entropies of the sample's base model on <paramref name="frames"/> test images under <paramref name="condition"/>.</summary>
    private static double[] Entropies(string? condition, int start, int frames)
    {
        var images = DataSpec.Parse("fashion-mnist:test").Load().Slice(start, frames);
        if (condition is not null) images = ConditionSpec.Parse(condition).Apply(images, seed: 5);
        using var session = new InferenceSession(Path.Combine(RepositoryPaths.SampleBank(), "base.onnx"));
        var input = new DenseTensor<float>(images.Pixels.ToArray(), [frames, images.Channels, images.Height, images.Width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        var logits = results[0].AsEnumerable<float>().ToArray();
        var classes = logits.Length / frames;
        return Enumerable.Range(0, frames).Select(i => (double)ServingSignals.Entropy(logits.AsSpan(i * classes, classes))).ToArray();
    }

    [Fact]
    public void StationaryStream_NeverDrifts()
    {
        var detector = new DriftDetector(window: 200, threshold: 0.3);

        Assert.Equal(-1, FirstDrift(detector, Uniform(new Random(1), 5_000, 0.1, 0.4)));
        Assert.Equal(0.25, detector.Reference!.Value, 0.03); // mean of U(0.1, 0.4), 200 draws: sd 0.006
        Assert.InRange(detector.Change!.Value, 0, 0.15);
    }

    [Fact]
    public void EntropyShiftsUp_DriftIsReportedWithinOneWindow()
    {
        var random = new Random(2);
        var detector = new DriftDetector(window: 200, threshold: 0.3);

        Assert.Equal(-1, FirstDrift(detector, Uniform(random, 1_000, 0.1, 0.4)));
        var after = FirstDrift(detector, Uniform(random, 1_000, 0.45, 0.75));

        // The rolling mean needs ~0.3 × 0.25 / 0.35 × 200 ≈ 43 shifted frames to move 30 %; the whole window bounds it.
        Assert.InRange(after, 20, 199);
        Assert.True(detector.Current > detector.Reference);
    }

    [Fact]
    public void EntropyShiftsDown_IsADriftToo()
    {
        var random = new Random(3);
        var detector = new DriftDetector(window: 100, threshold: 0.5);

        Assert.Equal(-1, FirstDrift(detector, Uniform(random, 300, 0.8, 1.2)));
        Assert.InRange(FirstDrift(detector, Uniform(random, 300, 0.0, 0.2)), 1, 99);
    }

    [Fact]
    public void RealCameraStream_CleanDoesNotDrift_FogDoes()
    {
        // Measured on the sample's base model: rolling means over 100 clean frames stay within about ±20 % of the
        // reference, fog:5 raises the mean entropy about 2.5 times.
        var detector = new DriftDetector(window: 100, threshold: 0.5);

        Assert.Equal(-1, FirstDrift(detector, Entropies(null, 0, 600)));
        Assert.InRange(FirstDrift(detector, Entropies("fog:5", 600, 100)), 0, 99);
    }

    [Fact]
    public void NearlyCertainReference_UsesTheFloor_SoSmallWobblesAreNoDrift()
    {
        var detector = new DriftDetector(window: 10, threshold: 0.5);
        foreach (var _ in Enumerable.Range(0, 10)) detector.Observe(0.001);
        foreach (var _ in Enumerable.Range(0, 10)) detector.Observe(0.02);

        Assert.Equal((0.02 - 0.001) / DriftDetector.ReferenceFloor, detector.Change!.Value, 1e-9);
        Assert.False(detector.Drifted);
    }

    [Fact]
    public void Rebase_TakesANewReference_FromTheNextWindow()
    {
        var detector = new DriftDetector(window: 50, threshold: 0.3);
        Assert.True(FirstDrift(detector, Enumerable.Repeat(0.2, 50).Concat(Enumerable.Repeat(0.8, 50))) >= 0);

        detector.Rebase();
        Assert.Null(detector.Reference);
        Assert.False(detector.Drifted);
        Assert.Equal(-1, FirstDrift(detector, Enumerable.Repeat(0.8, 200)));
        Assert.Equal(0.8, detector.Reference!.Value, 1e-9);
    }

    [Fact]
    public void ZeroThreshold_NeverDrifts()
    {
        var detector = new DriftDetector(window: 10, threshold: 0);

        Assert.Equal(-1, FirstDrift(detector, Enumerable.Repeat(0.1, 10).Concat(Enumerable.Repeat(2.0, 100))));
        Assert.True(detector.Change > 10);
    }
}
