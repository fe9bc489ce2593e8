using Atlas.Engine.Bank;
using Atlas.Engine.Composition;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using TorchSharp;

namespace Atlas.Engine.Tests.Bank;

/// <summary>A bank feeds the composer directly: blocks, task vectors and hash line up by name.</summary>
public sealed class BankCompositionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-bankc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ComposerOverALoadedBank_WithOneCoefficientRowAtOne_ReproducesThatFineTune()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        var baseModel = BankTestModels.BuildBase();
        var basePath = Path.Combine(_folder, "base.onnx");
        baseModel.Save(basePath);
        var editor = TaskVectorBankEditor.Create(Path.Combine(_folder, "bank"), basePath);
        var fog = BankTestModels.Perturb(baseModel, 21, "fc.weight", "conv.bias");
        var night = BankTestModels.Perturb(baseModel, 22, "conv.weight");
        foreach (var (name, weights) in new[] { ("fog", fog), ("night", night) })
        {
            editor.Add(new AddTaskVectorRequest
            {
                Name = name, Source = TaskVectorSourceKind.FineTunedModel, StorageType = SafetensorsDType.F32,
                SourcePath = BankTestModels.SaveFineTuned(baseModel, _folder, name, weights),
            });
        }

        var bank = TaskVectorBank.Open(Path.Combine(_folder, "bank"));
        Assert.StartsWith("sha256:", bank.Hash, StringComparison.Ordinal);
        using var set = bank.LoadTaskVectors();
        var layout = CoefficientLayout.Create(Granularity.Block, set.Blocks);
        var theta0 = set.Blocks.ToDictionary(b => b.Name, b => torch.tensor(baseModel.ReadFloatInitializer(b.Name), b.Shape), StringComparer.Ordinal);
        using var composer = new TaskVectorComposer(layout, theta0, set.ToComposition());
        foreach (var t in theta0.Values) t.Dispose();

        var coefficients = new[] { Enumerable.Repeat(1f, layout.Groups.Count).ToArray(), new float[layout.Groups.Count] };
        var composed = composer.Materialize(coefficients);
        // Tolerance 0: θ0 + 1·τ_fog + 0·τ_night is exact in f32 for these perturbations (BankTestModels.Perturb).
        Assert.Equal(fog["fc.weight"], composed["fc.weight"]);
        Assert.Equal(fog["conv.bias"], composed["conv.bias"]);
        Assert.Equal(baseModel.ReadFloatInitializer("conv.weight"), composed["conv.weight"]);
    }
}
