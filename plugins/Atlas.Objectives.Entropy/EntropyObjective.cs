using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.Entropy;

/// <summary>
/// TENT (Wang et al., ICLR 2021): the mean Shannon entropy of the predictions, <c>mean_i H(softmax(logits_i))</c>.
/// Sharpens predictions on the target distribution; on its own it can collapse onto one class under severe or
/// correlated shifts, which is why <c>entropy-balanced</c> is the default.
/// </summary>
public sealed class EntropyObjective : IObjective
{
    private readonly Dictionary<string, double> _metrics = [];

    /// <inheritdoc />
    public string Name => "entropy";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description => "TENT: mean entropy of the predictions on the weak view. Can collapse under severe shifts.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } = [];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options) => new ObjectiveOptionsReader(Name, options).ThrowIfInvalid();

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        var logProbabilities = batch.Forward(batch.Weak).log_softmax(1);
        var entropy = -(logProbabilities.exp() * logProbabilities).sum(dim: 1);
        var loss = entropy.mean();
        _metrics["entropy"] = loss.ToDouble();
        return loss.MoveToOuterDisposeScope();
    }
}
