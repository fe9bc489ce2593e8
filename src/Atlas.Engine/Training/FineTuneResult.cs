using Atlas.Engine.Learning;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Training;

/// <summary>
/// The outcome of a <see cref="FineTuner"/> run: the learned initializer values by name, ready for
/// <see cref="OnnxModel.Save"/>, and what happened on the way.
/// </summary>
/// <param name="Weights">The fine-tuned values (f32) of every learned initializer, keyed by initializer name.</param>
/// <param name="Learning">Steps, mean loss per epoch, and whether the run was cancelled or failed.</param>
/// <param name="TrainAccuracy">Mean top-1 accuracy of the training batches of the last epoch (NaN when no step ran).</param>
/// <param name="Elapsed">Wall time of the optimisation.</param>
public sealed record FineTuneResult(
    IReadOnlyDictionary<string, float[]> Weights,
    LearningResult Learning,
    double TrainAccuracy,
    TimeSpan Elapsed)
{
    /// <summary>Writes <paramref name="baseModel"/> with the fine-tuned weights to <paramref name="path"/> (atomic).</summary>
    public void Save(OnnxModel baseModel, string path)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        baseModel.Save(path, Weights);
    }
}
