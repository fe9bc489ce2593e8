using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Learning;

/// <summary>
/// The <see cref="LinearProblem"/> as a real bank on disk: an ONNX base model (Flatten → Gemm) and fine-tuned ONNX
/// models for the "expert" and "noise" task vectors, added through the bank editor in f32.
/// </summary>
internal sealed class LinearBank : IDisposable
{
    /// <param name="negationScenario">
    /// When true, the base is already the expert (good on every class) and the bank's one task vector, "swap", exchanges
    /// the class-0 and class-1 rows of the classifier: a task a negation run can learn to apply against the target
    /// classes 0 and 1 without touching class 2.
    /// </param>
    public LinearBank(bool negationScenario = false)
    {
        Problem = new LinearProblem();
        var baseWeights = Problem.Base;
        IReadOnlyList<Atlas.Engine.Composition.TaskVector> taskVectors = Problem.TaskVectors;
        if (negationScenario)
        {
            var expert = Problem.TaskVectors[0].Deltas;
            baseWeights = Problem.Base.ToDictionary(p => p.Key, p => p.Value + expert[p.Key]);
            var w = baseWeights["fc.weight"];
            var swapped = TorchSharp.torch.stack([w[1], w[0], w[2]]);
            taskVectors = [new Atlas.Engine.Composition.TaskVector("swap", new Dictionary<string, TorchSharp.torch.Tensor>
            {
                ["fc.weight"] = swapped - w,
                ["fc.bias"] = TorchSharp.torch.zeros(LinearProblem.Classes),
            })];
        }
        Folder = Directory.CreateTempSubdirectory("atlas-linear-bank-").FullName;
        var basePath = Path.Combine(Folder, "base.onnx");
        var model = Build();
        model.Save(basePath, baseWeights.ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray()));
        BankDirectory = Path.Combine(Folder, "bank");
        var editor = TaskVectorBankEditor.Create(BankDirectory, basePath);
        foreach (var tv in taskVectors)
        {
            var finetuned = Path.Combine(Folder, tv.Name + ".onnx");
            model.Save(finetuned, baseWeights.ToDictionary(p => p.Key, p => (p.Value + tv.Deltas[p.Key]).data<float>().ToArray()));
            editor.Add(new AddTaskVectorRequest { Name = tv.Name, Source = TaskVectorSourceKind.FineTunedModel, SourcePath = finetuned, StorageType = SafetensorsDType.F32 });
        }
    }

    public LinearProblem Problem { get; }

    public string Folder { get; }

    public string BankDirectory { get; }

    private static OnnxModel Build()
    {
        var b = new OnnxGraphBuilder("linear", opset: 17);
        var x = b.AddInput("x", OnnxElementType.Float, "batch", 1, 4, 4);
        var flat = b.AddNode("Flatten", [x], [OnnxAttributes.Int("axis", 1)]);
        var w = b.AddInitializer("fc.weight", new float[LinearProblem.Classes * LinearProblem.Features], LinearProblem.Classes, LinearProblem.Features);
        var c = b.AddInitializer("fc.bias", new float[LinearProblem.Classes], LinearProblem.Classes);
        var y = b.AddNode("Gemm", [flat, w, c], [OnnxAttributes.Int("transB", 1)], output: "logits");
        b.AddOutput(y, OnnxElementType.Float, "batch", LinearProblem.Classes);
        return b.Build();
    }

    public void Dispose()
    {
        Problem.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
