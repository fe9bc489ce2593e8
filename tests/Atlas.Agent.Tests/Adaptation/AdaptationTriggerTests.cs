using Atlas.Engine.Conditions;
using Atlas.Engine.Data;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>The agent adapts by itself on the triggers of a remote configuration document, and says which trigger started each round.</summary>
[Trait("Category", "Integration")]
public sealed class AdaptationTriggerTests
{
    [Fact]
    public async Task EveryFramesFromRemoteConfig_StartsRoundByItself_NamingTheTrigger()
    {
        await using var agent = await AdaptingAgent.StartAsync(frames: 30);
        await agent.ConfigureAsync("""{ "version": 1, "adaptation": { "enabled": true, "everyFrames": 30, "minIntervalSeconds": 0 } }""");

        await agent.PublishFramesAsync(0, 30);

        var started = await agent.EventAsync("adaptation-started");
        Assert.Equal("frames", started.GetProperty("trigger").GetString());
        Assert.Equal(30, started.GetProperty("everyFrames").GetInt32());
        Assert.True(started.GetProperty("servedFrames").GetInt64() >= 30, started.ToString());
        Assert.Equal(30 / 5, started.GetProperty("heldOutFrames").GetInt32()); // every 5th frame is held out
        Assert.InRange(started.GetProperty("trainFrames").GetInt32(), 1, 24);
        var decision = await agent.DecisionAsync("frames");
        Assert.Equal(started.GetProperty("round").GetInt64(), decision.GetProperty("round").GetInt64());
        Assert.InRange(decision.GetProperty("candidateEntropy").GetDouble(), 0, Math.Log(10));
        Assert.Empty(agent.Events("adaptation-skipped"));
    }

    [Fact]
    public async Task EverySecondsFromRemoteConfig_StartsRoundByItself_NamingTheTimer()
    {
        await using var agent = await AdaptingAgent.StartAsync(frames: 20);
        await agent.PublishFramesAsync(0, 20);
        await agent.VersionOfAsync(19);

        await agent.ConfigureAsync("""{ "version": 1, "adaptation": { "enabled": true, "everySeconds": 1, "minIntervalSeconds": 0 } }""");

        var decision = await agent.DecisionAsync("timer");
        Assert.Equal(1, decision.GetProperty("everySeconds").GetInt32());
        Assert.Equal(20 / 5, decision.GetProperty("heldOutFrames").GetInt32());
    }

    [Fact]
    public async Task DisabledAutomaticAdaptation_StartsNoRound_WhateverTheCounts()
    {
        await using var agent = await AdaptingAgent.StartAsync(frames: 20);
        await agent.ConfigureAsync("""{ "version": 1, "adaptation": { "enabled": false, "everyFrames": 5, "everySeconds": 1, "minIntervalSeconds": 0 } }""");

        await agent.PublishFramesAsync(0, 20);
        await agent.VersionOfAsync(19);
        await Task.Delay(1_500);

        Assert.Empty(agent.Events("adaptation-started"));
        Assert.Empty(agent.Events("adaptation-skipped"));
    }

    [Fact]
    public async Task DriftFromRemoteConfig_ShiftedStreamStartsRoundByItself_WithTheReading()
    {
        // Measured on the sample's base model: clean test images have a mean prediction entropy near 0.25 nats,
        // dark:5 + gaussian-noise:5 near 1.1 nats (a relative change above 3).
        const int Clean = 100, Shifted = 60;
        var test = DataSpec.Parse("fashion-mnist:test").Load();
        var shifted = ConditionSpec.Parse("dark:5+gaussian-noise:5").Apply(test.Slice(4_000 + Clean, Shifted), seed: 6);
        var pixels = test.Slice(4_000, Clean).Pixels.ToArray().Concat(shifted.Pixels.ToArray()).ToArray();
        var stream = new ImageDataset(pixels, test.Channels, test.Height, test.Width);
        await using var agent = await AdaptingAgent.StartAsync(Clean + Shifted, stream: stream);
        await agent.ConfigureAsync("""{ "version": 1, "adaptation": { "enabled": true, "driftThreshold": 1.0, "driftWindow": 50, "minIntervalSeconds": 0 } }""");

        await agent.PublishFramesAsync(0, Clean);
        await agent.VersionOfAsync(Clean - 1);
        await Task.Delay(600); // three scheduler ticks over the clean stream
        Assert.Empty(agent.Events("drift-detected"));
        await agent.PublishFramesAsync(Clean, Clean + Shifted);

        var drift = await agent.EventAsync("drift-detected");
        Assert.True(drift.GetProperty("driftChange").GetDouble() >= 1.0, drift.ToString());
        Assert.True(drift.GetProperty("driftCurrent").GetDouble() > drift.GetProperty("driftReference").GetDouble());
        Assert.InRange(drift.GetProperty("servedFrames").GetInt64(), Clean + 1, Clean + Shifted);
        var decision = await agent.DecisionAsync("drift");
        Assert.Equal(drift.GetProperty("driftChange").GetDouble(), decision.GetProperty("driftChange").GetDouble());
        Assert.Empty(agent.Events("adaptation-skipped"));
    }
}
