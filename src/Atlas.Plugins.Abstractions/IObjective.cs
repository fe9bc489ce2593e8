using System.Text.Json;
using TorchSharp;

namespace Atlas.Plugins;

/// <summary>
/// A learning objective: turns a batch of (mostly unlabeled) samples into a scalar loss of the composed model, whose
/// gradient the host follows to learn composition coefficients. Objectives are found by the plugin loader in plugin
/// assemblies marked with <see cref="AtlasPluginAttribute"/>; each needs a public parameterless constructor.
/// </summary>
/// <remarks>
/// <para>Lifecycle per run: the host creates a fresh instance, calls <see cref="Configure"/> once, then for each
/// epoch calls <see cref="OnEpochStart"/> followed by <see cref="ComputeLoss"/> per batch, reading
/// <see cref="Metrics"/> and <see cref="CollapseDetected"/> after each step. All calls come from one thread.</para>
/// <para>Isolation: the host wraps every objective; one that throws or returns a non-finite loss is disabled for
/// the rest of the run and the host keeps its last good parameters. Metadata members must not throw.</para>
/// </remarks>
public interface IObjective
{
    /// <summary>The name users select it by (kebab-case, e.g. <c>entropy-balanced</c>); unique among loaded plugins.</summary>
    string Name { get; }

    /// <summary>The objective's own version, shown by <c>atlas plugins list</c> and recorded with results.</summary>
    Version Version { get; }

    /// <summary>One sentence: what the loss is and when to use it.</summary>
    string Description { get; }

    /// <summary>Whether <see cref="ObjectiveBatch.Labels"/> must be present (labeled modes only).</summary>
    bool RequiresLabels { get; }

    /// <summary>Which views the host must prepare; <see cref="ObjectiveViews.Weak"/> is always prepared.</summary>
    ObjectiveViews RequiredViews { get; }

    /// <summary>Every option <see cref="Configure"/> accepts, with its default, for listings and docs.</summary>
    IReadOnlyList<ObjectiveOptionDescriptor> Options { get; }

    /// <summary>
    /// The metrics of the last <see cref="ComputeLoss"/> call (e.g. <c>keptFraction</c>), by name; empty before the
    /// first step. The host logs them and forwards them as progress events (JSON), so every value must be finite:
    /// leave a metric out rather than report NaN.
    /// </summary>
    IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>
    /// Binds options from the run's configuration. Called once before the first step, with an undefined element when
    /// the configuration has none (all defaults). An objective must also work unconfigured, with its defaults.
    /// </summary>
    /// <exception cref="ObjectiveOptionsException">Some options are invalid; the exception lists every one.</exception>
    void Configure(JsonElement options);

    /// <summary>
    /// Computes the loss of one batch: a scalar (0-dimensional) tensor connected to the graph of
    /// <see cref="ObjectiveBatch.Forward"/>, so that <c>backward()</c> reaches the learned parameters. When no sample
    /// contributes (all filtered out), return zero that is still connected, e.g. <c>logits.sum() * 0</c>. The tensor
    /// is created in the caller's dispose scope; the host disposes it.
    /// </summary>
    torch.Tensor ComputeLoss(ObjectiveBatch batch);

    /// <summary>
    /// Called before the first batch of every epoch, in order. Objectives that need the whole buffer's predictions
    /// (UFM's trusted set) call <see cref="EpochContext.ComputeBufferLogits"/>; the default does nothing.
    /// </summary>
    void OnEpochStart(EpochContext context)
    {
    }

    /// <summary>
    /// Whether the objective has seen signs of collapse (e.g. a moving average of the entropy near zero: the model
    /// predicts one class confidently for everything). The host responds by resetting to its starting parameters and
    /// then calls <see cref="Reset"/>. The default is never.
    /// </summary>
    bool CollapseDetected => false;

    /// <summary>
    /// Clears statistics accumulated across steps (moving averages, collapse flags) after the host reset its
    /// parameters. Options and per-epoch state chosen in <see cref="OnEpochStart"/> may be kept. The default does nothing.
    /// </summary>
    void Reset()
    {
    }
}
