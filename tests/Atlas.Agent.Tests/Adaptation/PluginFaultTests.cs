using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Atlas.Agent.Tests.TestSupport;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The adaptation objective of a running agent is a plugin that misbehaves (tests/TestPlugins/Atlas.TestPlugins.Faulty):
/// it throws in a step, returns NaN, or hangs past the step time limit. The round ends with an event naming the plugin and
/// how it failed, later rounds are refused until <c>reload-plugins</c>, and serving carries on with the composition in force.
/// A step that never returns is abandoned by the watchdog at the step time limit, and the agent stays usable.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class PluginFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 20;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("throws-in-step", "ObjectiveThrew", "deliberate failure inside a plugin step")]
    [InlineData("nan-loss", "NonFiniteLoss", "NaN")]
    [InlineData("hangs-in-step", "StepTimedOut", "over the limit of 200 ms")]
    public async Task FaultyObjective_RoundFailsNamingPluginAndReason_PluginDisabled_ServingContinues(string objective, string kind, string reason)
    {
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, RepositoryPaths.SampleBank(), ["fog"], 0.1f);
        await using var agent = await AdaptingAgent.StartAsync(Frames, new Dictionary<string, string?>
        {
            ["Adaptation:Objective"] = objective,
            ["Plugins:Directories:0"] = Path.Combine(RepositoryPaths.Root(), "artifacts", "test-plugins"),
            ["Plugins:StepTimeout"] = "00:00:00.200",
        }, state);
        var served = $"adapted-{stored[0]}";
        await agent.PublishFramesAsync(0, Frames);
        for (int i = 0; i < Frames; i++) Assert.Equal(served, await agent.VersionOfAsync(i));
        await Task.Delay(100); // the last frame is buffered just after its prediction is queued

        var adapt = await agent.CommandAsync("adapt");

        Assert.False(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        Assert.Contains($"'{objective}'", adapt.GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = await agent.EventAsync("adaptation-failed");
        Assert.Equal(objective, failed.GetProperty("objective").GetString());
        Assert.Equal(kind, failed.GetProperty("kind").GetString());
        Assert.True(failed.GetProperty("disabled").GetBoolean());
        Assert.Contains(reason, failed.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var again = await agent.CommandAsync("adapt");

        Assert.False(again.GetProperty("ok").GetBoolean(), again.ToString());
        Assert.Contains("is disabled:", again.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, again.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(served, await agent.ProbeVersionAsync());

        // reload-plugins gives the (replaced or fixed) plugin a new chance: here it fails the same way again.
        Assert.True((await agent.CommandAsync("reload-plugins")).GetProperty("ok").GetBoolean());
        var retried = await agent.CommandAsync("adapt");
        Assert.False(retried.GetProperty("ok").GetBoolean(), retried.ToString());
        Assert.DoesNotContain("is disabled:", retried.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, retried.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(served, await agent.ProbeVersionAsync());
        Assert.Equal([stored[0]], new Atlas.Engine.Adaptation.CoefficientStateStore(SeededAdaptationState.StoreFolder(state)).Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task StepThatNeverReturns_RoundAbandonedAtTheLimit_PluginDisabled_ResetWorks_ServingContinues()
    {
        const int limitMs = 500;
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, RepositoryPaths.SampleBank(), ["fog"], 0.1f);
        await using var agent = await AdaptingAgent.StartAsync(Frames, new Dictionary<string, string?>
        {
            ["Adaptation:Objective"] = "blocks-in-step",
            ["Plugins:Directories:0"] = Path.Combine(RepositoryPaths.Root(), "artifacts", "test-plugins"),
            ["Plugins:StepTimeout"] = "00:00:00.500",
        }, state);
        var served = $"adapted-{stored[0]}";
        await agent.PublishFramesAsync(0, Frames);
        for (int i = 0; i < Frames; i++) Assert.Equal(served, await agent.VersionOfAsync(i));
        await Task.Delay(100); // the last frame is buffered just after its prediction is queued

        var clock = Stopwatch.StartNew();
        var adapting = agent.CommandAsync("adapt");
        await agent.EventAsync("adaptation-started");
        Assert.Equal(served, await agent.ProbeVersionAsync()); // served while the round runs (and, soon, hangs)
        var adapt = await adapting;
        clock.Stop();

        Assert.False(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        Assert.Contains("'blocks-in-step'", adapt.GetProperty("error").GetString(), StringComparison.Ordinal);
        var failed = await agent.EventAsync("adaptation-failed");
        Assert.Equal("blocks-in-step", failed.GetProperty("objective").GetString());
        Assert.Equal("StepTimedOut", failed.GetProperty("kind").GetString());
        Assert.True(failed.GetProperty("disabled").GetBoolean());
        var reason = failed.GetProperty("reason").GetString()!;
        Assert.Contains("step exceeded 0.5 s", reason, StringComparison.Ordinal);
        // Noticed within the limit plus one poll (a quarter of the limit) plus scheduling slack of 1 s on a loaded machine.
        var overrun = double.Parse(RunningFor().Match(reason).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(overrun, limitMs, (limitMs * 1.25) + 1_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"the abandoned round took {clock.Elapsed} to answer");
        output.WriteLine($"blocks-in-step: adapt answered after {clock.ElapsedMilliseconds} ms; the step was abandoned after {overrun} ms (limit {limitMs} ms)");
        Assert.Equal(served, await agent.ProbeVersionAsync());

        // The gate is free again: the disabled plugin is refused at once, and reset swaps to the base model.
        var again = await agent.CommandAsync("adapt");
        Assert.Contains("is disabled:", again.GetProperty("error").GetString(), StringComparison.Ordinal);
        var reset = await agent.CommandAsync("reset");
        Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        Assert.StartsWith("base-", await agent.ProbeVersionAsync(), StringComparison.Ordinal);
        Assert.Null(agent.Agent.Get<Atlas.Agent.Adaptation.AdaptationService>().Rounds.Running);
    }

    [GeneratedRegex(@"still running after (\d+) ms")]
    private static partial Regex RunningFor();
}
