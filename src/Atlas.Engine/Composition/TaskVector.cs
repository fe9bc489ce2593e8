using TorchSharp;

namespace Atlas.Engine.Composition;

/// <summary>A named task vector τ = θ_finetuned − θ0 as f32 tensors keyed by ONNX initializer name.</summary>
/// <param name="Name">The task vector's name in the bank (e.g. <c>fog</c>).</param>
/// <param name="Deltas">Per-initializer deltas; blocks the task vector does not change may be absent.</param>
public sealed record TaskVector(string Name, IReadOnlyDictionary<string, torch.Tensor> Deltas);
