using System.Text.Json;
using Atlas.Engine.Plugins;
using Atlas.Plugins.Tests.Objectives;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>
/// A failing plugin must be disabled for the run while the host keeps its last good parameters. Each test plays the
/// learner: compute the loss through the guard, and only if that succeeds, backward and step AdamW.
/// </summary>
public sealed class GuardedObjectiveTests(FaultyPluginsFixture faulty) : IClassFixture<FaultyPluginsFixture>
{
    [Theory]
    [InlineData("throws-in-step", PluginErrorKind.ObjectiveThrew, "deliberate failure inside a plugin step")]
    [InlineData("nan-loss", PluginErrorKind.NonFiniteLoss, "NaN")]
    public void FailingPlugin_IsDisabled_HostKeepsItsParameters(string name, PluginErrorKind kind, string reason)
    {
        using var model = new TinyLinearModel();
        var logger = new RecordingLogger();
        var guarded = new GuardedObjective(faulty.Registry.Create(name).Inner, logger);
        var events = new List<ObjectiveFailedEventArgs>();
        guarded.Failed += (_, e) => events.Add(e);
        using var before = model.Weight.detach().clone();

        var stepped = LearnerStep(guarded, model);

        Assert.False(stepped);
        Assert.True(guarded.IsDisabled);
        Assert.Equal(kind, guarded.Failure!.Kind);
        Assert.Contains(reason, guarded.Failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", guarded.Failure.Message, StringComparison.Ordinal);
        Assert.True(model.Weight.detach().eq(before).all().item<bool>(), "parameters changed although the step failed");
        var failure = Assert.Single(events);
        Assert.Equal(0, failure.Step);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 7004);

        // Disabled for the rest of the run: later steps fail fast with Disabled and raise no second event.
        var again = Assert.Throws<PluginException>(() => guarded.ComputeLoss(model.Batch()));
        Assert.Equal(PluginErrorKind.Disabled, again.Kind);
        Assert.Single(events);
    }

    [Fact]
    public void HealthyObjective_ThroughTheSameGuard_Steps()
    {
        using var model = new TinyLinearModel();
        using var plugins = new BuiltInObjectivesFixture();
        var guarded = plugins.Registry.Create("entropy-balanced");
        using var before = model.Weight.detach().clone();
        Assert.True(LearnerStep(guarded, model));
        Assert.False(model.Weight.detach().eq(before).all().item<bool>());
        Assert.False(guarded.IsDisabled);
    }

    [Fact]
    public void NonScalarLoss_IsDisabledAsInvalid()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak)));
        using var model = new TinyLinearModel();
        var error = Assert.Throws<PluginException>(() => guarded.ComputeLoss(model.Batch()));
        Assert.Equal(PluginErrorKind.InvalidLoss, error.Kind);
        Assert.Contains("[8, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LossDetachedFromTheGraph_IsDisabledAsInvalid()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum().detach()));
        using var model = new TinyLinearModel();
        var error = Assert.Throws<PluginException>(() => guarded.ComputeLoss(model.Batch()));
        Assert.Equal(PluginErrorKind.InvalidLoss, error.Kind);
        Assert.Contains("not connected to the graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InfiniteLoss_IsDisabled()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum() / 0.0));
        using var model = new TinyLinearModel();
        var error = Assert.Throws<PluginException>(() => guarded.ComputeLoss(model.Batch()));
        Assert.Equal(PluginErrorKind.NonFiniteLoss, error.Kind);
    }

    [Fact]
    public void SlowStep_OverTheTimeout_IsDisabled()
    {
        var clock = new SteppingTimeProvider(TimeSpan.FromSeconds(3));
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum()), stepTimeout: TimeSpan.FromSeconds(2), timeProvider: clock);
        using var model = new TinyLinearModel();
        var error = Assert.Throws<PluginException>(() => guarded.ComputeLoss(model.Batch()));
        Assert.Equal(PluginErrorKind.StepTimedOut, error.Kind);
        Assert.Contains("3000 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepStillRunning_PastTheTimeout_IsDisabledByTheWatchdog_LateReturnDiscarded()
    {
        // Every clock read advances 1 s: the step starts at 0 s; checks see 1 s, 2 s (not over 2 s), then 3 s.
        var clock = new SteppingTimeProvider(TimeSpan.FromSeconds(1));
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var guarded = new GuardedObjective(new InlineObjective(b =>
        {
            entered.Set();
            release.Wait();
            return b.Forward(b.Weak).sum();
        }), stepTimeout: TimeSpan.FromSeconds(2), timeProvider: clock);
        var events = new List<ObjectiveFailedEventArgs>();
        guarded.Failed += (_, e) => events.Add(e);
        Assert.Null(guarded.CheckStepOverrun()); // no step running
        var step = Task.Run(() =>
        {
            using var model = new TinyLinearModel();
            using var scope = torch.NewDisposeScope();
            return guarded.ComputeLoss(model.Batch());
        });
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));

        Assert.Null(guarded.CheckStepOverrun());
        Assert.Null(guarded.CheckStepOverrun());
        var overrun = guarded.CheckStepOverrun();

        Assert.NotNull(overrun);
        Assert.Equal(PluginErrorKind.StepTimedOut, overrun.Kind);
        Assert.Contains("step exceeded 2 s", overrun.Message, StringComparison.Ordinal);
        Assert.True(guarded.IsDisabled);
        Assert.Same(overrun, Assert.Single(events).Error);
        Assert.Null(guarded.CheckStepOverrun()); // reported once

        release.Set();
        var late = await Assert.ThrowsAsync<PluginException>(() => step);
        Assert.Equal(PluginErrorKind.Disabled, late.Kind);
        Assert.Same(overrun, late.InnerException);
        Assert.Single(events);
    }

    [Fact]
    public void InvalidOptions_PassThroughWithoutDisabling()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum()));
        using var document = JsonDocument.Parse("""{ "nope": 1 }""");
        Assert.Throws<ObjectiveOptionsException>(() => guarded.Configure(document.RootElement));
        Assert.False(guarded.IsDisabled);
    }

    [Fact]
    public void ThrowingMetrics_ReadAsEmpty_WithoutDisabling()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum()) { ThrowFromMetrics = true });
        Assert.Empty(guarded.Metrics);
        Assert.False(guarded.CollapseDetected);
        Assert.False(guarded.IsDisabled);
    }

    [Fact]
    public void NonFiniteMetrics_AreDropped()
    {
        var inner = new InlineObjective(b => b.Forward(b.Weak).sum()) { FixedMetrics = new Dictionary<string, double> { ["ok"] = 1, ["bad"] = double.NaN } };
        var metrics = new GuardedObjective(inner).Metrics;
        Assert.Equal(["ok"], metrics.Keys.ToArray());
    }

    [Fact]
    public void ThrowingEpochHook_IsDisabled()
    {
        var guarded = new GuardedObjective(new InlineObjective(b => b.Forward(b.Weak).sum()) { ThrowFromEpochStart = true });
        using var model = new TinyLinearModel();
        var error = Assert.Throws<PluginException>(() => guarded.OnEpochStart(model.Epoch()));
        Assert.Equal(PluginErrorKind.ObjectiveThrew, error.Kind);
        Assert.Contains("OnEpochStart", error.Message, StringComparison.Ordinal);
        Assert.True(guarded.IsDisabled);
    }

    /// <summary>What a learner does: loss through the guard; on a plugin failure, skip backward and the step.</summary>
    private static bool LearnerStep(GuardedObjective objective, TinyLinearModel model)
    {
        using var optimizer = torch.optim.AdamW([model.Weight], lr: 0.1);
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        torch.Tensor loss;
        try
        {
            loss = objective.ComputeLoss(model.Batch());
        }
        catch (PluginException)
        {
            return false;
        }
        loss.backward();
        optimizer.step();
        return true;
    }
}
