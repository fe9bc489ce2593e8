using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// A differentiable model: logits <c>[N, classes]</c> for an input batch, with some initializers replaced by the given
/// tensors (the composed weights). Gradients flow from the logits to those tensors.
/// </summary>
public delegate Tensor ModelForward(Tensor input, IReadOnlyDictionary<string, Tensor> weights);
