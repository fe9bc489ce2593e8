using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.Contrastive;

/// <summary>
/// SimCLR-style InfoNCE (NT-Xent) between the L2-normalised logits of the weak and strong views. The 2B normalised
/// vectors <c>z</c> are compared by cosine similarity over a temperature τ; each vector's positive is the other view of
/// its own sample and its negatives are the other 2B−2 vectors:
/// <c>ℓ_i = −log( exp(z_i·z_j(i)/τ) / Σ_{k≠i} exp(z_i·z_k/τ) )</c>, and the loss is the mean of <c>ℓ</c> over all 2B.
/// </summary>
public sealed class ContrastiveObjective : IObjective
{
    private const double DefaultTemperature = 0.2;
    private readonly Dictionary<string, double> _metrics = [];
    private double _temperature = DefaultTemperature;

    /// <inheritdoc />
    public string Name => "contrastive";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description => "SimCLR-style InfoNCE between the L2-normalised logits of a weak and a strong view.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak | ObjectiveViews.Strong;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("temperature", "number", DefaultTemperature.ToString(CultureInfo.InvariantCulture),
            "Temperature τ dividing the cosine similarities, in [0.01, 10]; smaller is sharper."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _temperature = reader.GetNumber("temperature", DefaultTemperature, 0.01, 10);
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var strong = batch.Strong ?? throw new InvalidOperationException(
            $"Objective '{Name}' needs the strong view, but the batch at step {batch.Step} has none.");
        using var scope = torch.NewDisposeScope();
        long size = batch.Size;
        var z = torch.nn.functional.normalize(torch.cat([batch.Forward(batch.Weak), batch.Forward(strong)], 0), p: 2, dim: 1);
        var similarity = z.matmul(z.t()) / _temperature;
        var self = torch.eye(2 * size, dtype: torch.ScalarType.Bool, device: similarity.device);
        similarity = similarity.masked_fill(self, -1e9);
        var rows = torch.arange(2 * size, dtype: torch.ScalarType.Int64, device: similarity.device);
        var positives = (rows + size).remainder(2 * size);
        var loss = torch.nn.functional.cross_entropy(similarity, positives);
        var top1 = similarity.argmax(1).eq(positives).to_type(torch.ScalarType.Float32).mean();
        _metrics["infoNce"] = loss.ToDouble();
        _metrics["positiveTop1"] = top1.ToDouble();
        return loss.MoveToOuterDisposeScope();
    }
}
