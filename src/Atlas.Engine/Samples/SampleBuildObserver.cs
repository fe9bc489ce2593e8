using Atlas.Engine.Learning;

namespace Atlas.Engine.Samples;

/// <summary>
/// Where <see cref="FashionCameraSample.Build"/> reports: one progress sink per training phase (pretraining, each
/// expert), and one line per milestone. Both are optional; the CLI shows a progress bar per phase.
/// </summary>
public sealed class SampleBuildObserver
{
    /// <summary>Called at the start of each training phase with its label and epochs; returns the sink for that phase's reports.</summary>
    public Func<string, int, IProgress<LearningProgress>?>? Phase { get; init; }

    /// <summary>Receives one human-readable line per milestone (files written, accuracies measured, timings).</summary>
    public IProgress<string>? Message { get; init; }
}
