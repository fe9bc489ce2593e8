using System.Globalization;
using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;

namespace Atlas.Objectives.EntropyBalanced;

/// <summary>
/// Class-balanced entropy (information maximisation, as in SHOT): <c>mean_i H(p_i) + w · KL(u ‖ p̄)</c> with
/// <c>p̄ = mean_i p_i</c> and <c>u</c> the uniform distribution. The entropy term makes each prediction confident,
/// the KL term keeps the batch's predictions spread over the classes, which stops the one-class collapse plain
/// entropy minimisation falls into. The default test-time-adaptation objective.
/// </summary>
public sealed class EntropyBalancedObjective : IObjective
{
    private const double DefaultBalanceWeight = 1.0;
    private readonly Dictionary<string, double> _metrics = [];
    private double _balanceWeight = DefaultBalanceWeight;

    /// <inheritdoc />
    public string Name => "entropy-balanced";

    /// <inheritdoc />
    public Version Version { get; } = new(1, 0, 0);

    /// <inheritdoc />
    public string Description =>
        "Information maximisation: mean entropy + KL(uniform || mean prediction). Resists class collapse; the default for TTA.";

    /// <inheritdoc />
    public bool RequiresLabels => false;

    /// <inheritdoc />
    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    /// <inheritdoc />
    public IReadOnlyList<ObjectiveOptionDescriptor> Options { get; } =
    [
        new("balanceWeight", "number", DefaultBalanceWeight.ToString(CultureInfo.InvariantCulture),
            "Weight w of KL(uniform || mean prediction), in [0, 100]; 0 gives plain entropy."),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <inheritdoc />
    public void Configure(JsonElement options)
    {
        var reader = new ObjectiveOptionsReader(Name, options);
        _balanceWeight = reader.GetNumber("balanceWeight", DefaultBalanceWeight, 0, 100);
        reader.ThrowIfInvalid();
    }

    /// <inheritdoc />
    public torch.Tensor ComputeLoss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        var logProbabilities = batch.Forward(batch.Weak).log_softmax(1);
        var entropy = -(logProbabilities.exp() * logProbabilities).sum(dim: 1).mean();

        // log p̄_c = log(mean_i p_ic) = logsumexp_i(log p_ic) − ln B, stable even when p̄_c underflows.
        var logMean = logProbabilities.logsumexp(0) - Math.Log(batch.Size);
        var classCount = logProbabilities.shape[1];
        var balanceKl = -logMean.mean() - Math.Log(classCount);

        var loss = entropy + _balanceWeight * balanceKl;
        _metrics["entropy"] = entropy.ToDouble();
        _metrics["balanceKl"] = balanceKl.ToDouble();
        return loss.MoveToOuterDisposeScope();
    }
}
