using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.Ufm;

/// <summary>
/// Unsupervised FixMatch, the best test-time objective of the aTLAS paper, exactly as in docs/method.md:
/// <list type="bullet">
/// <item>pseudo-label from the weak view without gradient, softened: <c>p̃ = p^0.5 / Σ p^0.5</c>, <c>p = softmax(logits(x))</c>;</item>
/// <item>loss per sample on the strong view: <c>−1[max p &gt; ω] · p̃ᵀ log softmax(logits(x'))</c>, where ω rises linearly
/// from 0.9 at the first epoch to 0.99 at the last;</item>
/// <item>a class-balanced trusted set (per predicted class the k most confident buffer samples,
/// <c>k = min(N/C/10, 100)</c>, at least 1) re-chosen at every epoch start, trained with hard cross-entropy on its weak
/// view; trusted samples make up a quarter of each batch.</item>
/// </list>
/// The host's batch of B samples is extended by <c>m = round(B · f / (1 − f))</c> trusted samples (f = 0.25), so that
/// m / (B + m) ≈ f, and the loss is the mean of the B + m per-sample losses (masked samples count as zero, as in
/// FixMatch). Before the first epoch hook the trusted set is empty and the loss is the mean over the batch alone.
/// </summary>
public sealed class UfmObjective : IObjective
{
    private const double DefaultThresholdStart = 0.9;
    private const double DefaultThresholdEnd = 0.99;
    private const double DefaultSofteningPower = 0.5;
    private const double DefaultTrustedFraction = 0.25;
    private const int DefaultTrustedMaxPerClass = 100;

    private readonly Dictionary<string, double> _metrics = [];
    private double _thresholdStart = DefaultThresholdStart;
    private double _thresholdEnd = DefaultThresholdEnd;
    private double _softeningPower = DefaultSofteningPower;
    private double _trustedFraction = DefaultTrustedFraction;
    private int _trustedMaxPerClass = DefaultTrustedMaxPerClass;
    private TrustedSet _trusted = TrustedSet.Empty;

    /// <inheritdoc />
    public string Name => "ufm";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description =>
        "Unsupervised FixMatch: softened weak-view pseudo-labels on the strong view above a rising threshold, plus a class-balanced trusted set.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak | ObjectiveViews.Strong;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("thresholdStart", "number", Format(DefaultThresholdStart), "Confidence threshold ω at the first epoch, in [0, 1]."),
        new("thresholdEnd", "number", Format(DefaultThresholdEnd), "Threshold ω at the last epoch, in [thresholdStart, 1]; ω rises linearly."),
        new("softeningPower", "number", Format(DefaultSofteningPower), "Exponent of the pseudo-label softening p^a / Σ p^a, in (0, 1]."),
        new("trustedFraction", "number", Format(DefaultTrustedFraction), "Share of each batch drawn from the trusted set, in [0, 0.9]; 0 disables it."),
        new("trustedMaxPerClass", "integer", Format(DefaultTrustedMaxPerClass), "Upper bound on k, the trusted samples per predicted class, in [1, 100000]."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _thresholdStart = reader.GetNumber("thresholdStart", DefaultThresholdStart, 0, 1);
        _thresholdEnd = reader.GetNumber("thresholdEnd", DefaultThresholdEnd, 0, 1);
        _softeningPower = reader.GetNumber("softeningPower", DefaultSofteningPower, 1e-3, 1);
        _trustedFraction = reader.GetNumber("trustedFraction", DefaultTrustedFraction, 0, 0.9);
        _trustedMaxPerClass = reader.GetInteger("trustedMaxPerClass", DefaultTrustedMaxPerClass, 1, 100_000);
        if (_thresholdStart > _thresholdEnd)
        {
            reader.AddError($"thresholdStart ({Format(_thresholdStart)}) must not exceed thresholdEnd ({Format(_thresholdEnd)})");
        }
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public void OnEpochStart(EpochContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_trustedFraction <= 0)
        {
            return;
        }
        using var scope = torch.NewDisposeScope();
        _trusted = TrustedSet.Choose(context.ComputeBufferLogits(), _trustedMaxPerClass);
        _metrics["trustedSetSize"] = _trusted.Count;
    }

    /// <summary>ω at <paramref name="epoch"/>: linear from thresholdStart (epoch 0) to thresholdEnd (last epoch).</summary>
    private double Threshold(int epoch, int totalEpochs) =>
        totalEpochs <= 1
            ? _thresholdStart
            : _thresholdStart + ((_thresholdEnd - _thresholdStart) * Math.Clamp(epoch, 0, totalEpochs - 1) / (totalEpochs - 1));

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var strong = batch.Strong ?? throw new InvalidOperationException(
            $"Objective '{Name}' needs the strong view, but the batch at step {batch.Step} has none (use an identity strong view to disable it).");
        using var scope = torch.NewDisposeScope();
        var threshold = Threshold(batch.Epoch, batch.TotalEpochs);

        torch.Tensor probabilities;
        using (torch.no_grad())
        {
            probabilities = batch.Forward(batch.Weak).softmax(1);
        }
        var confident = probabilities.max(1).values.gt(threshold).to_type(probabilities.dtype);
        var softened = probabilities.pow(_softeningPower);
        softened /= softened.sum(1, keepdim: true);
        var strongLogProbabilities = batch.Forward(strong).log_softmax(1);
        var total = -(confident * (softened * strongLogProbabilities).sum(dim: 1)).sum();
        var count = batch.Size;

        var trustedCount = TrustedCount(batch.Size);
        if (trustedCount > 0)
        {
            var (indices, labels) = _trusted.Draw(trustedCount, batch.Random);
            var samples = batch.Buffer.GetSamples(indices);
            var trustedLogits = batch.Forward(samples.Weak);
            var targets = torch.tensor(labels, dtype: torch.ScalarType.Int64, device: trustedLogits.device);
            total += torch.nn.functional.cross_entropy(trustedLogits, targets, reduction: torch.nn.Reduction.Sum);
            count += trustedCount;
        }

        var loss = total / count;
        _metrics["threshold"] = threshold;
        _metrics["keptFraction"] = confident.mean().ToDouble();
        _metrics["trustedSamples"] = trustedCount;
        _metrics["trustedSetSize"] = _trusted.Count;
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>m = round(B · f / (1 − f)) trusted samples make up the fraction f of the extended batch.</summary>
    private int TrustedCount(int batchSize) =>
        _trusted.Count == 0 || _trustedFraction <= 0
            ? 0
            : Math.Max(1, (int)Math.Round(batchSize * _trustedFraction / (1 - _trustedFraction), MidpointRounding.AwayFromZero));

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
