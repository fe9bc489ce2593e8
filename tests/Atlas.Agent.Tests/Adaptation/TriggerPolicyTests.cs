using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;

namespace Atlas.Agent.Tests.Adaptation;

public sealed class TriggerPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AdaptationSettings Settings(int frames = 0, int seconds = 0, int cooldown = 0) =>
        new() { Enabled = true, EveryFrames = frames, EverySeconds = seconds, MinIntervalSeconds = cooldown };

    [Fact]
    public void EveryFrames_FiresOnceEachTimeTheCountIsReached()
    {
        var policy = new TriggerPolicy(100, T0);
        var s = Settings(frames: 50);

        Assert.Null(policy.Fire(s, 149, T0, drifted: false, running: false, lastRoundEnded: null));
        Assert.Equal("frames", policy.Fire(s, 150, T0, false, false, null));
        Assert.Null(policy.Fire(s, 151, T0, false, false, null));
        Assert.Null(policy.Fire(s, 199, T0, false, false, null));
        Assert.Equal("frames", policy.Fire(s, 200, T0, false, false, null));
    }

    [Fact]
    public void EverySeconds_FiresWhenThePeriodHasPassedSinceTheLastRoundStarted()
    {
        var policy = new TriggerPolicy(0, T0);
        var s = Settings(seconds: 10);

        Assert.Null(policy.Fire(s, 0, T0.AddSeconds(9.9), false, false, null));
        policy.Restart(0, T0.AddSeconds(5)); // a command started a round
        Assert.Null(policy.Fire(s, 0, T0.AddSeconds(14.9), false, false, null));
        Assert.Equal("timer", policy.Fire(s, 0, T0.AddSeconds(15), false, false, null));
        Assert.Null(policy.Fire(s, 0, T0.AddSeconds(16), false, false, null));
    }

    [Fact]
    public void Disabled_NeverFires()
    {
        var policy = new TriggerPolicy(0, T0);
        var s = Settings(frames: 1, seconds: 1);
        s.Enabled = false;

        Assert.Null(policy.Fire(s, 1_000, T0.AddHours(1), drifted: true, running: false, lastRoundEnded: null));
    }

    [Fact]
    public void Cooldown_HoldsDueTriggersUntilItEnds_ThenFiresThem()
    {
        var policy = new TriggerPolicy(0, T0);
        var s = Settings(frames: 10, cooldown: 30);
        var ended = T0.AddSeconds(100);

        Assert.Null(policy.Fire(s, 50, ended.AddSeconds(29), false, false, ended));
        Assert.Equal("frames", policy.Fire(s, 50, ended.AddSeconds(30), false, false, ended));
    }

    [Fact]
    public void TriggerDuringARunningRound_FiresToBeSkipped_AndIsConsumed()
    {
        var policy = new TriggerPolicy(0, T0);
        var s = Settings(frames: 10, cooldown: 30);

        Assert.Equal("frames", policy.Fire(s, 10, T0, drifted: false, running: true, lastRoundEnded: T0));
        Assert.Null(policy.Fire(s, 15, T0, false, true, T0));
        Assert.Equal("frames", policy.Fire(s, 20, T0, false, true, T0));
    }

    [Fact]
    public void Drift_FiresFirst_ThenOnlyAfterItIsArmedAgain()
    {
        var policy = new TriggerPolicy(0, T0);
        var s = Settings(frames: 10);

        Assert.Equal("drift", policy.Fire(s, 10, T0, drifted: true, running: false, lastRoundEnded: null));
        Assert.Equal("frames", policy.Fire(s, 10, T0, drifted: true, running: false, lastRoundEnded: null));
        Assert.Null(policy.Fire(s, 11, T0, drifted: true, running: false, lastRoundEnded: null));
        policy.ArmDrift();
        Assert.Equal("drift", policy.Fire(s, 11, T0, drifted: true, running: false, lastRoundEnded: null));
    }
}
