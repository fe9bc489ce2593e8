using Atlas.Benchmarks.Soak;

namespace Atlas.Agent.Tests.Soak;

/// <summary>The soak program's command line: values land in the options, and every mistake is named.</summary>
public sealed class SoakArgumentsTests
{
    [Fact]
    public void NoArguments_GiveTheTenMinuteForm()
    {
        var options = SoakArguments.Parse([]);

        Assert.Equal(TimeSpan.FromMinutes(10), options.Duration);
        Assert.Equal(30, options.FramesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(60), options.AdaptEvery);
        Assert.Null(options.Broker);
    }

    [Fact]
    public void Values_LandInTheOptions()
    {
        var options = SoakArguments.Parse(["--duration", "90", "--fps", "12.5", "--adapt-every", "0", "--drift", "fog:1, dark:2",
            "--broker", "127.0.0.1:1884", "--agent-setting", "Ingest:QueueCapacity=8", "--agent-setting", "Runtime:TopK=1", "--payload", "tensor"]);

        Assert.Equal(TimeSpan.FromSeconds(90), options.Duration);
        Assert.Equal(12.5, options.FramesPerSecond);
        Assert.Equal(TimeSpan.Zero, options.AdaptEvery);
        Assert.Equal(["fog:1", "dark:2"], options.Drift);
        Assert.Equal("127.0.0.1:1884", options.Broker);
        Assert.Equal(["Ingest:QueueCapacity=8", "Runtime:TopK=1"], options.AgentSettings);
        Assert.Equal("tensor", options.Payload);
    }

    [Fact]
    public void BadValues_AreAllNamedInOneError()
    {
        var error = Assert.Throws<ArgumentException>(() => SoakArguments.Parse(["--fps", "0", "--payload", "jpeg", "--agent-setting", "nonsense"]));

        Assert.Contains("--fps", error.Message, StringComparison.Ordinal);
        Assert.Contains("--payload", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nonsense'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOptionOrMissingNumber_IsNamed()
    {
        Assert.Contains("'--colour'", Assert.Throws<ArgumentException>(() => SoakArguments.Parse(["--colour", "red"])).Message, StringComparison.Ordinal);
        Assert.Contains("'ten'", Assert.Throws<ArgumentException>(() => SoakArguments.Parse(["--duration", "ten"])).Message, StringComparison.Ordinal);
    }
}
