using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using TorchSharp;

namespace Atlas.Engine.Tests.Bank;

public sealed class BankRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-bank-").FullName;
    private readonly string _bank;
    private readonly string _basePath;
    private readonly OnnxModel _base = BankTestModels.BuildBase();

    public BankRoundTripTests()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        _bank = Path.Combine(_folder, "bank");
        _basePath = Path.Combine(_folder, "base.onnx");
        _base.Save(_basePath);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (TaskVectorBankEditor Editor, Dictionary<string, Dictionary<string, float[]>> Tuned) BuildBankFromFineTunes(SafetensorsDType dtype)
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var tuned = new Dictionary<string, Dictionary<string, float[]>>
        {
            ["fog"] = BankTestModels.Perturb(_base, 10, BankTestModels.FloatInitializers),
            ["night"] = BankTestModels.Perturb(_base, 11, "conv.weight", "fc.weight"),
        };
        foreach (var (name, weights) in tuned)
        {
            var path = BankTestModels.SaveFineTuned(_base, _folder, name, weights);
            editor.Add(new AddTaskVectorRequest { Name = name, Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path, StorageType = dtype });
        }
        return (editor, tuned);
    }

    [Fact]
    public void FineTunedModels_F32Bank_ReproducesThetaExactly()
    {
        var (_, tuned) = BuildBankFromFineTunes(SafetensorsDType.F32);
        var bank = TaskVectorBank.Open(_bank);
        using var set = bank.LoadTaskVectors();

        Assert.Equal(["fog", "night"], set.TaskVectors.Select(t => t.Name));
        foreach (var tv in set.TaskVectors)
        {
            foreach (var (name, theta) in tuned[tv.Name])
            {
                var theta0 = _base.ReadFloatInitializer(name);
                var tau = tv.Tensors[name].data<float>().ToArray();
                // Tolerance 0: θ0 + τ == θ bit for bit in f32 (see BankTestModels.Perturb).
                Assert.Equal(theta, theta0.Zip(tau, (a, t) => a + t).ToArray());
                Assert.Equal(_base.GetInitializerInfo(name).Shape, tv.Tensors[name].shape);
            }
        }
    }

    [Theory]
    [InlineData(SafetensorsDType.F16, 11)]
    [InlineData(SafetensorsDType.BF16, 8)]
    public void FineTunedModels_ReducedPrecisionBank_ReproducesThetaWithinRounding(SafetensorsDType dtype, int mantissaBits)
    {
        var (_, tuned) = BuildBankFromFineTunes(dtype);
        var bank = TaskVectorBank.Open(_bank);
        using var set = bank.LoadTaskVectors();

        foreach (var tv in set.TaskVectors)
        {
            foreach (var (name, theta) in tuned[tv.Name])
            {
                var theta0 = _base.ReadFloatInitializer(name);
                var tau = tv.Tensors[name].data<float>().ToArray();
                for (int i = 0; i < theta.Length; i++)
                {
                    double exactTau = (double)theta[i] - theta0[i];
                    // Rounding τ to nearest: ≤ 2^-bits·|τ| (2^-25 more for f16 subnormals); f32 addition: ≤ 2^-24·|θ|.
                    double tolerance = Math.Pow(2, -mantissaBits) * Math.Abs(exactTau) + Math.Pow(2, -24) * Math.Abs(theta[i]) + Math.Pow(2, -25);
                    Assert.True(Math.Abs(theta0[i] + tau[i] - theta[i]) <= tolerance, $"{tv.Name}/{name}[{i}]: {theta0[i] + tau[i]} vs {theta[i]}");
                }
            }
        }
        Assert.All(bank.TaskVectors, t => Assert.Equal(dtype, t.StorageType));
    }

    [Fact]
    public void ZeroDeltas_AreNotStored_AndBlocksAreTheUnionInBaseOrder()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var path = BankTestModels.SaveFineTuned(_base, _folder, "fcOnly", BankTestModels.Perturb(_base, 3, "fc.bias", "fc.weight"));
        var result = editor.Add(new AddTaskVectorRequest { Name = "fc-only", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path });
        var convPath = BankTestModels.SaveFineTuned(_base, _folder, "convOnly", BankTestModels.Perturb(_base, 4, "conv.bias"));
        editor.Add(new AddTaskVectorRequest { Name = "conv-only", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = convPath });

        Assert.Equal(["fc.weight", "fc.bias"], result.TaskVector.Blocks.Select(b => b.Name));
        Assert.Equal(["conv.weight", "conv.bias"], result.UnchangedBlocks);
        using (var file = SafetensorsFile.Open(Path.Combine(_bank, "fc-only.safetensors")))
            Assert.Equal(["fc.bias", "fc.weight"], file.Tensors.Select(t => t.Name));
        using var set = TaskVectorBank.Open(_bank).LoadTaskVectors();
        Assert.Equal(["conv.bias", "fc.weight", "fc.bias"], set.Blocks.Select(b => b.Name));
        Assert.Equal(320, set.Blocks[1].ElementCount);
    }

    [Fact]
    public void AddedBlocks_RecordNormsOfTheStoredDelta()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var weights = BankTestModels.Perturb(_base, 5, "fc.bias");
        var path = BankTestModels.SaveFineTuned(_base, _folder, "b", weights);
        var result = editor.Add(new AddTaskVectorRequest { Name = "b", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path, StorageType = SafetensorsDType.F32 });

        var theta0 = _base.ReadFloatInitializer("fc.bias");
        double expected = Math.Sqrt(weights["fc.bias"].Zip(theta0, (t, b) => (double)(t - b) * (t - b)).Sum());
        // The f32 differences are exact (Sterbenz), so the norm agrees to double rounding: relative 1e-12.
        Assert.Equal(expected, Assert.Single(result.TaskVector.Blocks).L2Norm, expected * 1e-12);
    }

    [Fact]
    public void LoraEntry_ReproducesScaleTimesBA_ReshapedToTheInitializer()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var random = new Random(9);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        // conv.weight [4,3,2,2]: out = 4, in = 12; rank 2.
        float[] a = Values(2 * 12), b = Values(4 * 2);
        var loraPath = Path.Combine(_folder, "lora.safetensors");
        SafetensorsWriter.Write(loraPath,
        [
            new SafetensorsTensor("conv.weight.lora_A", SafetensorsDType.F32, [2, 12], a),
            new SafetensorsTensor("conv.weight.lora_B", SafetensorsDType.F32, [4, 2], b),
        ], new Dictionary<string, string> { ["scale"] = "0.5" });
        editor.Add(new AddTaskVectorRequest { Name = "lora", Source = TaskVectorSourceKind.Lora, SourcePath = loraPath, StorageType = SafetensorsDType.F32 });

        var bank = TaskVectorBank.Open(_bank);
        Assert.Equal(TaskVectorKind.Lora, bank.GetTaskVector("lora").Kind);
        using var set = bank.LoadTaskVectors();
        var dense = set.TaskVectors[0].Tensors["conv.weight"];
        Assert.Equal([4L, 3, 2, 2], dense.shape);
        var values = dense.data<float>().ToArray();
        for (int o = 0; o < 4; o++)
        {
            for (int i = 0; i < 12; i++)
            {
                double expected = 0.5 * (b[o * 2] * (double)a[i] + b[o * 2 + 1] * (double)a[12 + i]);
                Assert.Equal(expected, values[o * 12 + i], 1e-6); // f32 matmul of two terms: absolute 1e-6
            }
        }
    }

    [Fact]
    public void WeightsAndDeltaSources_GiveTheSameTaskVectorAsTheFineTunedModel()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var weights = BankTestModels.Perturb(_base, 12, "fc.weight", "conv.bias");
        var modelPath = BankTestModels.SaveFineTuned(_base, _folder, "ft", weights);
        var weightsPath = Path.Combine(_folder, "weights.safetensors");
        SafetensorsWriter.Write(weightsPath, weights.Select(p => new SafetensorsTensor(p.Key, SafetensorsDType.F32, _base.GetInitializerInfo(p.Key).Shape, p.Value)));
        var deltaPath = Path.Combine(_folder, "delta.safetensors");
        SafetensorsWriter.Write(deltaPath, weights.Select(p => new SafetensorsTensor(p.Key, SafetensorsDType.F32, _base.GetInitializerInfo(p.Key).Shape,
            p.Value.Zip(_base.ReadFloatInitializer(p.Key), (t, b) => t - b).ToArray())));

        editor.Add(new AddTaskVectorRequest { Name = "from-model", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = modelPath, StorageType = SafetensorsDType.F32 });
        editor.Add(new AddTaskVectorRequest { Name = "from-weights", Source = TaskVectorSourceKind.Weights, SourcePath = weightsPath, StorageType = SafetensorsDType.F32 });
        editor.Add(new AddTaskVectorRequest { Name = "from-delta", Source = TaskVectorSourceKind.Delta, SourcePath = deltaPath, StorageType = SafetensorsDType.F32 });

        using var set = TaskVectorBank.Open(_bank).LoadTaskVectors();
        foreach (var name in weights.Keys)
        {
            var reference = set.TaskVectors[0].Tensors[name].data<float>().ToArray();
            Assert.Equal(reference, set.TaskVectors[1].Tensors[name].data<float>().ToArray());
            Assert.Equal(reference, set.TaskVectors[2].Tensors[name].data<float>().ToArray());
        }
    }

    [Fact]
    public void LoadTaskVectors_ExcludeAndInclude_SelectByName()
    {
        BuildBankFromFineTunes(SafetensorsDType.F16);
        var bank = TaskVectorBank.Open(_bank);

        using (var set = bank.LoadTaskVectors(exclude: ["fog"]))
        {
            Assert.Equal(["night"], set.TaskVectors.Select(t => t.Name));
            Assert.Equal(["conv.weight", "fc.weight"], set.Blocks.Select(b => b.Name));
        }
        using (var set = bank.LoadTaskVectors(include: ["fog"]))
            Assert.Equal(["fog"], set.TaskVectors.Select(t => t.Name));
        var error = Assert.Throws<TaskVectorBankException>(() => bank.LoadTaskVectors(exclude: ["rain"]));
        Assert.Contains("'rain'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadTaskVectors_InsideCallerDisposeScope_TensorsSurviveTheScope()
    {
        BuildBankFromFineTunes(SafetensorsDType.F16);
        var bank = TaskVectorBank.Open(_bank);
        TaskVectorSet set;
        using (torch.NewDisposeScope())
            set = bank.LoadTaskVectors();
        using (set)
            Assert.Equal(320, set.TaskVectors[0].Tensors["fc.weight"].numel());
    }

    [Fact]
    public void DisposingTheSet_ReleasesEveryTensorItOwns()
    {
        BuildBankFromFineTunes(SafetensorsDType.F16);
        var set = TaskVectorBank.Open(_bank).LoadTaskVectors();
        var tensors = set.TaskVectors.SelectMany(t => t.Tensors.Values).ToArray();
        Assert.All(tensors, t => Assert.False(t.IsInvalid));

        set.Dispose();
        Assert.All(tensors, t => Assert.True(t.IsInvalid));
    }
}
