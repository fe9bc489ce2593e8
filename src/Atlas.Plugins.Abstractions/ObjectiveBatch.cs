using TorchSharp;

namespace Atlas.Plugins;

/// <summary>
/// Everything an objective sees for one learning step. The host owns every tensor here: an objective reads them and
/// must not dispose them. All tensors live on the same device; create any new tensor on <c>Weak.device</c>.
/// </summary>
public sealed class ObjectiveBatch
{
    /// <summary>The weak view of the batch, <c>[B, ...]</c> (for images <c>[B, C, H, W]</c>).</summary>
    public required torch.Tensor Weak { get; init; }

    /// <summary>The strong view, same shape as <see cref="Weak"/>; present only when the objective requested it.</summary>
    public torch.Tensor? Strong { get; init; }

    /// <summary>Class indices <c>[B]</c> (int64); present only in labeled modes (see <see cref="IObjective.RequiresLabels"/>).</summary>
    public torch.Tensor? Labels { get; init; }

    /// <summary>
    /// The logits <c>[n, ClassCount]</c> of the current composed model for any input shaped like <see cref="Weak"/>.
    /// Differentiable with respect to the parameters being learned; call it inside <c>torch.no_grad()</c> for a
    /// prediction that must not carry gradient (a pseudo-label). Each call is a full forward pass: call it once per view.
    /// </summary>
    public required Func<torch.Tensor, torch.Tensor> Forward { get; init; }

    /// <summary>The number of classes the model predicts.</summary>
    public required int ClassCount { get; init; }

    /// <summary>The global step, counted from 0 over the whole run.</summary>
    public required long Step { get; init; }

    /// <summary>The epoch, counted from 0.</summary>
    public required int Epoch { get; init; }

    /// <summary>The number of epochs of the run (at least 1). Schedules such as UFM's threshold use it.</summary>
    public required int TotalEpochs { get; init; }

    /// <summary>The adaptation-buffer index of each sample of the batch, in batch order (length B).</summary>
    public required IReadOnlyList<int> Indices { get; init; }

    /// <summary>The whole adaptation buffer, to draw extra samples by index.</summary>
    public required IAdaptationBuffer Buffer { get; init; }

    /// <summary>A generator seeded by the run: use it for any sampling so that runs are reproducible.</summary>
    public required Random Random { get; init; }

    /// <summary>The batch size B (the first dimension of <see cref="Weak"/>).</summary>
    public int Size => (int)Weak.shape[0];
}
