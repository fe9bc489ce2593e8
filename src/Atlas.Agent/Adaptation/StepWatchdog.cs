using Atlas.Engine.Plugins;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Runs one adaptation round on a thread of its own and watches the objective step in progress, so that a plugin whose
/// step never returns cannot hold the round, and with it the one-round-at-a-time gate, forever. When the step runs past
/// <see cref="PluginOptions.StepTimeout"/> the watchdog disables the objective (<see cref="GuardedObjective.CheckStepOverrun"/>)
/// and throws its <see cref="PluginException"/> at once: the caller reports the failure and releases the gate.
/// </summary>
/// <remarks>
/// .NET cannot abort a thread, so the abandoned round's thread and the tensors it holds are leaked until the step returns
/// (never, for a truly hung plugin). The thread is a dedicated background thread, not a pool thread, so the pool is not
/// starved and the process can still exit; the next round runs on a fresh thread. Whatever the abandoned round computes
/// after that is discarded: the guard throws on a late return, and nobody awaits the round's result any more.
/// </remarks>
internal sealed partial class StepWatchdog(TimeProvider time, ILogger logger)
{
    /// <summary>The longest the watchdog sleeps between two looks at the step in progress.</summary>
    public static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);

    private GuardedObjective? _objective;

    /// <summary>Registers the round's objective for watching (call it on the round's thread as soon as it exists); returns it.</summary>
    public GuardedObjective Watch(GuardedObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Volatile.Write(ref _objective, objective);
        return objective;
    }

    /// <summary>Runs <paramref name="round"/> on a dedicated thread and returns its result, or throws when its step overran the limit.</summary>
    /// <exception cref="PluginException">Kind <see cref="PluginErrorKind.StepTimedOut"/>: the round was abandoned mid-step.</exception>
    public async Task<T> RunAsync<T>(Func<T> round, CancellationToken cancellationToken)
    {
        var task = Task.Factory.StartNew(round, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        while (true)
        {
            var objective = Volatile.Read(ref _objective);
            if (objective is { StepTimeout: null }) return await task.ConfigureAwait(false); // no limit: nothing to watch
            var poll = Poll(objective?.StepTimeout);
            using var stop = new CancellationTokenSource();
            var delay = Task.Delay(poll, time, stop.Token);
            if (await Task.WhenAny(task, delay).ConfigureAwait(false) == task)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return await task.ConfigureAwait(false);
            }
            if (objective?.CheckStepOverrun() is { } failure)
            {
                Abandon(task, objective.Name);
                throw failure;
            }
        }
    }

    private void Abandon(Task task, string objective)
    {
        LogAbandoned(logger, objective);
        // Observe whatever the abandoned round ends with, if it ever ends, so it is not reported as unobserved.
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A quarter of the limit (an overrun is noticed within 1.25 × the limit), between 10 ms and <see cref="MaxPoll"/>.</summary>
    private static TimeSpan Poll(TimeSpan? limit) =>
        limit is { } l ? TimeSpan.FromTicks(Math.Clamp(l.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, MaxPoll.Ticks)) : MaxPoll;

    [LoggerMessage(EventId = 1920, Level = LogLevel.Warning,
        Message = "Adaptation round abandoned: a step of objective '{Objective}' overran the step time limit; its thread and tensors stay leaked until the step returns, and its result will be ignored")]
    private static partial void LogAbandoned(ILogger logger, string objective);
}
