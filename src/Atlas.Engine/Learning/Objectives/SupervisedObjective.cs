using System.Text.Json;
using Atlas.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning.Objectives;

/// <summary>
/// The loss of the labeled modes, built into the engine so few-shot, task addition, negation and fine-tuning need no
/// plugin: mean cross-entropy, where samples may carry a negative sign (task negation's −CE(target) + CE(control)).
/// </summary>
/// <remarks>
/// Signs travel inside the labels so that the shared <see cref="Learner"/> loop needs no extra channel: a label
/// <c>y ≥ ClassCount</c> denotes class <c>y − ClassCount</c> with sign −1 (see <see cref="EncodeNegated"/>).
/// </remarks>
internal sealed class SupervisedObjective : IObjective
{
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);

    public string Name => "cross-entropy";

    public Version Version => new(1, 0);

    public string Description => "Mean cross-entropy on labeled samples; negated samples count with sign −1.";

    public bool RequiresLabels => true;

    public ObjectiveViews RequiredViews => ObjectiveViews.Weak;

    public IReadOnlyList<ObjectiveOptionDescriptor> Options => [];

    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>Encodes labels of samples whose cross-entropy is to be maximised (the forgotten task).</summary>
    public static int[] EncodeNegated(IEnumerable<int> labels, int classCount) => labels.Select(l => l + classCount).ToArray();

    public void Configure(JsonElement options)
    {
    }

    public Tensor ComputeLoss(ObjectiveBatch batch)
    {
        var logits = batch.Forward(batch.Weak);
        var labels = batch.Labels!;
        var negated = labels >= batch.ClassCount;
        var classes = torch.where(negated, labels - batch.ClassCount, labels);
        var perSample = nn.functional.cross_entropy(logits, classes, reduction: nn.Reduction.None);
        var sign = torch.where(negated, -1f, 1f).to_type(perSample.dtype);
        using (torch.no_grad())
        {
            _metrics["accuracy"] = (logits.argmax(1) == classes).to_type(ScalarType.Float32).mean().item<float>();
        }
        return (perSample * sign).mean();
    }
}
