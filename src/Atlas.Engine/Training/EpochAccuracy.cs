using Atlas.Engine.Learning;

namespace Atlas.Engine.Training;

/// <summary>
/// Forwards learning reports and keeps the running mean of the batches' <c>accuracy</c> metric, so a run can report
/// the training accuracy of its last epoch. Synchronous (reports arrive on the learner's thread).
/// </summary>
internal sealed class EpochAccuracy(IProgress<LearningProgress>? next) : IProgress<LearningProgress>
{
    private double _sum;
    private int _count;

    /// <summary>Mean batch accuracy of the last completed epoch (NaN before one completes).</summary>
    public double LastEpoch { get; private set; } = double.NaN;

    public void Report(LearningProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind == LearningEventKind.Step && value.Metrics.TryGetValue("accuracy", out var accuracy))
        {
            _sum += accuracy;
            _count++;
        }
        else if (value.Kind == LearningEventKind.EpochCompleted)
        {
            LastEpoch = _count == 0 ? double.NaN : _sum / _count;
            _sum = 0;
            _count = 0;
        }
        next?.Report(value);
    }
}
