using Atlas.Engine.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atlas.Engine.Tests.Inference;

public sealed class InferenceHostOptionsTests
{
    [Fact]
    public void Defaults_AreValidAndDocumented()
    {
        var options = new InferenceHostOptions();
        Assert.True(new InferenceHostOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(32, options.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(2), options.MaxBatchDelay);
        Assert.Equal(InferenceGraphOptimization.All, options.GraphOptimizationLevel);
        Assert.False(options.StrictProviders);
    }

    [Fact]
    public void Constructor_WithSeveralBadSettings_ListsEveryOne()
    {
        var options = new InferenceHostOptions
        {
            IntraOpThreads = -1,
            MaxBatchSize = 0,
            MaxBatchDelay = TimeSpan.FromMilliseconds(-1),
            WarmupRuns = -2,
            GraphOptimizationLevel = (InferenceGraphOptimization)9,
        };
        options.ExecutionProviders.Add("cpu");
        options.ExecutionProviders.Add("tpu");
        options.ExecutionProviders.Add("CPU");

        var e = Assert.Throws<OptionsValidationException>(() => new InferenceHost(Options.Create(options), NullLogger<InferenceHost>.Instance));

        Assert.Equal(7, e.Failures.Count());
        Assert.Contains("ExecutionProviders[1] is 'tpu'; expected one of cpu, cuda, tensorrt, dml, openvino.", e.Failures);
        Assert.Contains("ExecutionProviders[2] repeats 'CPU'.", e.Failures);
        Assert.Contains("IntraOpThreads is -1; expected 0 (automatic) or more.", e.Failures);
        Assert.Contains("MaxBatchSize is 0; expected 1 to 4096.", e.Failures);
        Assert.Contains(e.Failures, f => f.StartsWith("MaxBatchDelay is -00:00:00.001", StringComparison.Ordinal));
        Assert.Contains("WarmupRuns is -2; expected 0 to 1000.", e.Failures);
        Assert.Contains(e.Failures, f => f.StartsWith("GraphOptimizationLevel is 9", StringComparison.Ordinal));
    }
}
