using Atlas.Engine.Adaptation;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// Long rounds (many epochs) that are cancelled — by command, by switching automatic adaptation off, by shutdown — or
/// that other triggers run into: nothing stored, the served model unchanged, every decision an event.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AdaptationCancelTests
{
    private const int Frames = 30;

    private static readonly Dictionary<string, string?> LongRounds = new() { ["Adaptation:Epochs"] = "1000" };

    private const string EveryThirtyFrames = """{ "version": 1, "adaptation": { "enabled": true, "everyFrames": 30, "minIntervalSeconds": 0 } }""";

    /// <summary>Starts a long frames-triggered round and returns the base version served before it.</summary>
    private static async Task<string> StartLongRoundAsync(AdaptingAgent agent)
    {
        await agent.ConfigureAsync(EveryThirtyFrames);
        await agent.PublishFramesAsync(0, Frames);
        var baseVersion = await agent.VersionOfAsync(Frames - 1);
        Assert.Equal("frames", (await agent.EventAsync("adaptation-started")).GetProperty("trigger").GetString());
        return baseVersion;
    }

    private static void AssertNothingStored(AdaptingAgent agent) =>
        Assert.Empty(new CoefficientStateStore(Path.Combine(agent.StateDirectory, "adaptation")).Versions);

    [Fact]
    public async Task CancelCommand_EndsTheRound_NothingStored_ServedModelUnchanged()
    {
        await using var agent = await AdaptingAgent.StartAsync(Frames + 1, LongRounds);
        var baseVersion = await StartLongRoundAsync(agent);

        var reply = await agent.CommandAsync("cancel-adaptation");

        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        Assert.True(reply.GetProperty("result").GetProperty("cancelled").GetBoolean());
        Assert.Equal("frames", reply.GetProperty("result").GetProperty("trigger").GetString());
        var cancelled = await agent.EventAsync("adaptation-cancelled", timeout: TimeSpan.FromSeconds(20));
        Assert.Equal("frames", cancelled.GetProperty("trigger").GetString());
        Assert.Equal("command", cancelled.GetProperty("reason").GetString());
        await agent.PublishFramesAsync(Frames, Frames + 1);
        Assert.Equal(baseVersion, await agent.VersionOfAsync(Frames));
        Assert.Empty(agent.Events("adaptation-accepted"));
        Assert.Empty(agent.Events("adaptation-rejected"));
        AssertNothingStored(agent);
        var again = await agent.CommandAsync("cancel-adaptation");
        Assert.False(again.GetProperty("result").GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task TriggersDuringARunningRound_AreSkippedAndCounted_NotQueued()
    {
        await using var agent = await AdaptingAgent.StartAsync(Frames * 2, LongRounds);
        await StartLongRoundAsync(agent);

        var adapt = await agent.CommandAsync("adapt");
        await agent.PublishFramesAsync(Frames, Frames * 2);

        Assert.False(adapt.GetProperty("ok").GetBoolean());
        Assert.Contains("already running", adapt.GetProperty("error").GetString(), StringComparison.Ordinal);
        var byCommand = await agent.EventAsync("adaptation-skipped", j => j.GetProperty("trigger").GetString() == "command");
        Assert.Equal("frames", byCommand.GetProperty("running").GetString());
        var byFrames = await agent.EventAsync("adaptation-skipped", j => j.GetProperty("trigger").GetString() == "frames");
        Assert.Equal(2, byFrames.GetProperty("skipped").GetInt64());
        Assert.Single(agent.Events("adaptation-started"));
        var report = (await agent.CommandAsync("snapshot")).GetProperty("result").GetProperty("adaptation");
        Assert.Equal("adapting", report.GetProperty("state").GetString());
        Assert.Equal("frames", report.GetProperty("running").GetString());
        Assert.Equal(1, report.GetProperty("rounds").GetInt64());
        Assert.Equal(2, report.GetProperty("skipped").GetInt64());
        await agent.CommandAsync("cancel-adaptation");
        await agent.EventAsync("adaptation-cancelled");
    }

    [Fact]
    public async Task SwitchingAutomaticAdaptationOff_CancelsTheRunningRound()
    {
        await using var agent = await AdaptingAgent.StartAsync(Frames + 1, LongRounds);
        var baseVersion = await StartLongRoundAsync(agent);

        await agent.ConfigureAsync("""{ "version": 2, "adaptation": { "enabled": false } }""");

        var cancelled = await agent.EventAsync("adaptation-cancelled", timeout: TimeSpan.FromSeconds(20));
        Assert.Equal("disabled", cancelled.GetProperty("reason").GetString());
        await agent.PublishFramesAsync(Frames, Frames + 1);
        Assert.Equal(baseVersion, await agent.VersionOfAsync(Frames));
        AssertNothingStored(agent);
    }

    [Fact]
    public async Task Shutdown_CancelsTheRunningRound_Promptly_StoringNothing()
    {
        var agent = await AdaptingAgent.StartAsync(Frames, LongRounds);
        try
        {
            await StartLongRoundAsync(agent);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            await agent.Agent.Host.StopAsync();

            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
            AssertNothingStored(agent);
        }
        finally
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task AdaptCommandRunning_FramesAreStillServed()
    {
        await using var agent = await AdaptingAgent.StartAsync(Frames + 1, LongRounds);
        await agent.PublishFramesAsync(0, Frames);
        await agent.VersionOfAsync(Frames - 1);
        await Task.Delay(300);

        var adapt = agent.CommandAsync("adapt");
        Assert.Equal("command", (await agent.EventAsync("adaptation-started")).GetProperty("trigger").GetString());
        await agent.PublishFramesAsync(Frames, Frames + 1);

        Assert.StartsWith("base-", await agent.VersionOfAsync(Frames), StringComparison.Ordinal);
        Assert.False(adapt.IsCompleted);
        await agent.CommandAsync("cancel-adaptation");
        var reply = await adapt;
        Assert.False(reply.GetProperty("ok").GetBoolean());
        Assert.Contains("cancelled", reply.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
