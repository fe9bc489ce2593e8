using TorchSharp;

namespace Atlas.Plugins;

/// <summary>
/// Views of samples fetched from the adaptation buffer by index (see <see cref="IAdaptationBuffer"/>). The tensors are
/// created in the caller's current dispose scope; the objective owns them and lets its scope dispose them.
/// </summary>
/// <param name="Weak">The weak view, shaped like <see cref="ObjectiveBatch.Weak"/>: <c>[n, ...]</c>.</param>
/// <param name="Strong">The strong view, or <see langword="null"/> when the objective did not request it.</param>
public sealed record ObjectiveSamples(torch.Tensor Weak, torch.Tensor? Strong);
