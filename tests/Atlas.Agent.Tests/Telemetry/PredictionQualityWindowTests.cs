using Atlas.Agent.Telemetry;

namespace Atlas.Agent.Tests.Telemetry;

public sealed class PredictionQualityWindowTests
{
    [Fact]
    public void UniformAndCertainLogits_GiveTheTextbookConfidenceAndEntropy()
    {
        var window = new PredictionQualityWindow(capacity: 4);
        Assert.Equal((null, null, 0), window.Means());

        window.Add(new float[10]);                                   // uniform: p = 0.1, H = ln 10
        window.Add([100f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f]);       // certain: p ≈ 1, H ≈ 0

        var (confidence, entropy, samples) = window.Means();
        Assert.Equal(2, samples);
        Assert.Equal((0.1 + 1.0) / 2, confidence!.Value, 1e-6);
        Assert.Equal(Math.Log(10) / 2, entropy!.Value, 1e-5);
    }

    [Fact]
    public void Window_ForgetsTheOldestBeyondItsCapacity()
    {
        var window = new PredictionQualityWindow(capacity: 2);
        window.Add(new float[10]);
        window.Add([100f, 0f]);
        window.Add([100f, 0f]);

        var (confidence, _, samples) = window.Means();

        Assert.Equal(2, samples);
        Assert.Equal(1.0, confidence!.Value, 1e-6);
    }
}
