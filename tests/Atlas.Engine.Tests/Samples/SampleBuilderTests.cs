using Atlas.Engine.Data;
using Atlas.Engine.Samples;

namespace Atlas.Engine.Tests.Samples;

public sealed class SampleBuilderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TestSubset_IsClassBalancedSeededAndInFileOrder()
    {
        var test = DataSpec.Parse("fashion-mnist:test").Load();

        var subset = SampleBuilder.TestSubset(test, 1000, seed: 5);
        var again = SampleBuilder.TestSubset(test, 1000, seed: 5);
        var other = SampleBuilder.TestSubset(test, 1000, seed: 6);

        Assert.Equal(1000, subset.Count);
        Assert.All(subset.Labels!.GroupBy(l => l), g => Assert.Equal(100, g.Count()));
        Assert.Equal(subset.Pixels.ToArray(), again.Pixels.ToArray());
        Assert.NotEqual(subset.Labels!.ToArray(), other.Labels!.ToArray());
    }

    [Fact]
    public void IdxWriter_RoundTripsThroughAnIdxDataSpec()
    {
        var data = DataSpec.Parse("fashion-mnist:test[0:50]").Load();
        var images = Path.Combine(_folder, "images.gz");
        var labels = Path.Combine(_folder, "labels.gz");

        IdxWriter.Write(data, images, labels);
        var read = DataSpec.Parse($"idx:{images},{labels}").Load();

        Assert.Equal((1, 28, 28), (read.Channels, read.Height, read.Width));
        Assert.Equal(data.Labels!.ToArray(), read.Labels!.ToArray());
        Assert.Equal(data.Pixels.ToArray(), read.Pixels.ToArray()); // bytes / 255 survive exactly
    }

    [Fact]
    public void Options_InvalidConditionAndDuplicateNames_AreAllReported()
    {
        var options = new SampleBuildOptions();
        options.Conditions.Clear();
        options.Conditions.Add(new SampleCondition("fog", "fog:9"));
        options.Conditions.Add(new SampleCondition("FOG", "fog:2"));

        var e = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(options.Validate);

        Assert.Contains("fog:9", e.Message, StringComparison.Ordinal);
        Assert.Contains("appears 2 times", e.Message, StringComparison.Ordinal);
    }
}
