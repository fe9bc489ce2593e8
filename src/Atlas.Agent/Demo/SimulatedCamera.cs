using System.Diagnostics;
using System.Globalization;
using Atlas.Engine.Data;

namespace Atlas.Agent.Demo;

/// <summary>
/// A camera whose world drifts: streams each phase's frames (the sample's test images under the phase's condition) at a fixed
/// frame rate, as raw tensor frames on the agent's frame topic, and each frame's label on the truth topic just before
/// it. Frame ids are <c>&lt;phase&gt;-&lt;n&gt;</c>. On a machine too slow to answer every frame in time (an adaptation
/// round competing for the cores), it holds back once <see cref="MaxUnanswered"/> frames await their prediction, so
/// the phases stay apart and no frame is dropped unscored. The first phase goes on (its frames again) until the agent
/// has finished its first round, at most <see cref="MaxWarmUp"/> longer: that round pays the one-time costs (plugin
/// load, first tensor work), which on a busy machine could otherwise push the agent's reaction into the next phases.
/// </summary>
internal sealed class SimulatedCamera(DemoClient client, DemoTopics topics, IReadOnlyList<ImageDataset> phaseFrames, int framesPerSecond,
    IReadOnlyList<DemoPhase> phases, DemoProgress progress, Func<int> answered, Func<bool> warmedUp)
{
    /// <summary>The longest the first phase is extended while waiting for the agent's first round.</summary>
    public static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(90);

    /// <summary>Frames sent but not yet answered beyond which the camera waits.</summary>
    public const int MaxUnanswered = 256;

    /// <summary>Streams every phase.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (var p = 0; p < phases.Count; p++)
        {
            var frames = phaseFrames[p];
            var shape = $"{frames.Channels},{frames.Height},{frames.Width}";
            var labels = frames.Labels!;
            var phaseEnd = TimeSpan.MaxValue;
            for (var i = 0; i < frames.Count || (p == 0 && !warmedUp() && clock.Elapsed - phaseEnd < MaxWarmUp); i++)
            {
                if (i == frames.Count) phaseEnd = clock.Elapsed;
                var due = TimeSpan.FromSeconds((double)sent / framesPerSecond);
                if (due - clock.Elapsed is { TotalMilliseconds: >= 1 } wait) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                while (sent - answered() > MaxUnanswered) await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                var id = $"{phases[p].Name}-{i.ToString("D5", CultureInfo.InvariantCulture)}";
                var k = i % frames.Count;
                await client.PublishJsonAsync(topics.Truth, new { frameId = id, label = labels[k], phase = p }, cancellationToken).ConfigureAwait(false);
                await client.PublishFrameAsync(topics.Frames, frames.Pixels.Span.Slice(k * frames.ImageSize, frames.ImageSize), shape, id, cancellationToken)
                    .ConfigureAwait(false);
                sent++;
                progress.Advance(p, i + 1, sent);
            }
        }
    }
}
