using Atlas.Engine.Composition;
using Atlas.Engine.Data;
using Atlas.Engine.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Learning;

/// <summary>
/// A small, fully controlled aTLAS problem: a linear classifier on 1×4×4 "images" of 3 noisy class prototypes.
/// The base model is random; task vector "expert" moves it to a prototype-matching classifier; "noise" is random.
/// </summary>
internal sealed class LinearProblem : IDisposable
{
    public const int Classes = 3;
    public const int Features = 16;

    public LinearProblem(int count = 300, int seed = 0)
    {
        var generator = new Generator((ulong)seed);
        var prototypes = torch.rand(Classes, Features, generator: generator);
        var labels = Enumerable.Range(0, count).Select(i => i % Classes).ToArray();
        var x = prototypes.index_select(0, torch.tensor(labels.Select(l => (long)l).ToArray()))
                + torch.randn(count, Features, generator: generator) * 0.15f;
        Dataset = new ImageDataset(x.clamp(0, 1).data<float>().ToArray(), 1, 4, 4, labels, Classes);

        Base = new Dictionary<string, Tensor>
        {
            ["fc.weight"] = torch.randn(Classes, Features, generator: generator) * 0.1f,
            ["fc.bias"] = torch.zeros(Classes),
        };
        var centred = prototypes - prototypes.mean([0], keepdim: true);
        var expert = new Dictionary<string, Tensor>
        {
            ["fc.weight"] = centred * 20f - Base["fc.weight"],
            ["fc.bias"] = -(centred * 20f * (prototypes + prototypes.mean([0], keepdim: true))).sum(dim: 1) * 0.5f,
        };
        var noise = new Dictionary<string, Tensor>
        {
            ["fc.weight"] = torch.randn(Classes, Features, generator: generator),
            ["fc.bias"] = torch.randn(Classes, generator: generator),
        };
        TaskVectors = [new TaskVector("expert", expert), new TaskVector("noise", noise)];
    }

    public ImageDataset Dataset { get; }

    public Dictionary<string, Tensor> Base { get; }

    public TaskVector[] TaskVectors { get; }

    public static ComposableBlock[] Blocks => [new("fc.weight", [Classes, Features]), new("fc.bias", [Classes])];

    public static Tensor Forward(Tensor input, IReadOnlyDictionary<string, Tensor> weights) =>
        nn.functional.linear(input.flatten(1), weights["fc.weight"], weights["fc.bias"]);

    public TaskVectorComposer Composer(string granularity = "block") =>
        new(CoefficientLayout.Create(Granularity.Parse(granularity), Blocks), Base, TaskVectors);

    public double Accuracy(IReadOnlyDictionary<string, Tensor> weights)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = Forward(Dataset.ToTensor(0, Dataset.Count), weights);
        var labels = Dataset.LabelsToTensor(0, Dataset.Count);
        return (logits.argmax(1) == labels).to_type(ScalarType.Float32).mean().item<float>();
    }

    public void Dispose()
    {
        foreach (var t in Base.Values) t.Dispose();
        foreach (var tv in TaskVectors)
            foreach (var t in tv.Deltas.Values) t.Dispose();
    }
}
