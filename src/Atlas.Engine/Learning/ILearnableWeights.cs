using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// What a <see cref="Learner"/> optimises: a set of leaf parameters and the model weights they produce. aTLAS learns
/// coefficients that compose weights (<see cref="CoefficientWeights"/>); the baselines and fine-tuning learn weights
/// directly (<see cref="DirectWeights"/>). Both go through the same loop, so comparisons are like for like.
/// </summary>
public interface ILearnableWeights
{
    /// <summary>The leaf tensors the optimiser updates (requires_grad).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The initializer overrides for one forward pass, differentiable with respect to <see cref="Parameters"/>.</summary>
    IReadOnlyDictionary<string, Tensor> Weights();

    /// <summary>Copies the current parameter values (for rollback).</summary>
    Tensor[] Snapshot();

    /// <summary>Restores values taken by <see cref="Snapshot"/>.</summary>
    void Restore(Tensor[] snapshot);

    /// <summary>Resets the parameters to their starting values (after a collapse signal).</summary>
    void ResetToStart();
}
