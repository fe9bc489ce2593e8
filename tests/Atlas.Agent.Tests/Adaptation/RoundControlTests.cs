using Atlas.Agent.Adaptation;

namespace Atlas.Agent.Tests.Adaptation;

public sealed class RoundControlTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cancel_CancelsTheRunningRoundOnly_KeepingTheFirstReason()
    {
        var control = new RoundControl();
        Assert.False(control.Cancel("command"));

        var token = control.Begin("drift", served: 42, now: T0);
        Assert.Equal("drift", control.Running);
        Assert.Equal((42L, T0), control.LastStart);
        Assert.True(control.Cancel("disabled"));
        Assert.True(control.Cancel("shutdown"));

        Assert.True(token.IsCancellationRequested);
        Assert.Equal("disabled", control.CancelReason);
        control.End(T0.AddSeconds(3), cancelled: true);
        Assert.Null(control.Running);
        Assert.Equal((1L, 1L, 1L), (control.Started, control.Ended, control.Cancelled));
        Assert.Equal(T0.AddSeconds(3), control.LastEnded);
        Assert.False(control.Cancel("command"));
    }

    [Fact]
    public void Begin_WhileARoundRuns_Throws_AndALinkedTokenCancelsTheRound()
    {
        var control = new RoundControl();
        using var shutdown = new CancellationTokenSource();
        var token = control.Begin("frames", 0, T0, shutdown.Token);

        var error = Assert.Throws<InvalidOperationException>(() => control.Begin("timer", 0, T0));
        Assert.Contains("frames", error.Message, StringComparison.Ordinal);
        shutdown.Cancel();
        Assert.True(token.IsCancellationRequested);
        control.End(T0, cancelled: false);

        var next = control.Begin("timer", 10, T0.AddSeconds(1));
        Assert.False(next.IsCancellationRequested);
        Assert.Null(control.CancelReason);
        Assert.Equal(2, control.Started);
        Assert.Equal(0, control.Cancelled);
    }
}
