using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Tests.Bank;

public sealed class BankValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-bankv-").FullName;
    private readonly string _bank;
    private readonly string _basePath;
    private readonly OnnxModel _base = BankTestModels.BuildBase();

    public BankValidationTests()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        _bank = Path.Combine(_folder, "bank");
        _basePath = Path.Combine(_folder, "base.onnx");
        _base.Save(_basePath);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TaskVectorBankEditor CreateWithOne(string name = "fog")
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var path = BankTestModels.SaveFineTuned(_base, _folder, name, BankTestModels.Perturb(_base, 1, "fc.weight"));
        editor.Add(new AddTaskVectorRequest { Name = name, Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path });
        return editor;
    }

    [Fact]
    public void ChangedBaseModel_IsRejectedNamingTheHashMismatch()
    {
        CreateWithOne();
        var recorded = BankFolder.Sha256OfFile(Path.Combine(_bank, "base.onnx"));
        _base.Save(Path.Combine(_bank, "base.onnx"), BankTestModels.Perturb(_base, 2, "fc.bias"));
        var actual = BankFolder.Sha256OfFile(Path.Combine(_bank, "base.onnx"));

        var report = TaskVectorBankVerifier.Verify(_bank);
        Assert.False(report.IsValid);
        var problem = Assert.Single(report.Problems);
        Assert.Contains("SHA-256", problem, StringComparison.Ordinal);
        Assert.Contains(recorded, problem, StringComparison.Ordinal);
        Assert.Contains(actual, problem, StringComparison.Ordinal);
        var error = Assert.Throws<TaskVectorBankException>(() => TaskVectorBank.Open(_bank));
        Assert.Contains(recorded, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidBank_VerifiesCleanly()
    {
        CreateWithOne();
        var report = TaskVectorBankVerifier.Verify(_bank);

        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Empty(report.Warnings);
        Assert.Equal(1, report.TaskVectorCount);
        Assert.Equal(TaskVectorBank.Open(_bank).Hash, report.Hash);
    }

    [Fact]
    public void TamperedTensorFile_FailsVerifyWithNormMismatch()
    {
        CreateWithOne();
        var path = Path.Combine(_bank, "fog.safetensors");
        var bytes = File.ReadAllBytes(path);
        bytes[^2] ^= 0x40; // flips an exponent bit of the last f16 value
        File.WriteAllBytes(path, bytes);

        var report = TaskVectorBankVerifier.Verify(_bank);
        Assert.Contains(report.Problems, p => p.Contains("'fc.weight'", StringComparison.Ordinal) && p.Contains("L2 norm", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingTaskVectorFile_IsNamed()
    {
        CreateWithOne();
        File.Delete(Path.Combine(_bank, "fog.safetensors"));

        var error = Assert.Throws<TaskVectorBankException>(() => TaskVectorBank.Open(_bank));
        Assert.Contains("'fog.safetensors' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FineTunedModelWithRenamedInitializers_IsAStructuralMismatchListingDifferences()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var folded = BankTestModels.BuildBase(seed: 1, fcWeightName: "onnx::Gemm_85");
        var path = Path.Combine(_folder, "folded.onnx");
        folded.Save(path);

        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = "folded", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path }));
        Assert.Contains("initializer 'fc.weight' of the base model is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("'onnx::Gemm_85'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("do_constant_folding=False", error.Message, StringComparison.Ordinal);
        Assert.Empty(TaskVectorBank.Open(_bank).TaskVectors);
    }

    [Fact]
    public void DeltaWithUnknownNamesAndWrongShapes_FailsNamingEach()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var path = Path.Combine(_folder, "bad.safetensors");
        SafetensorsWriter.Write(path,
        [
            new SafetensorsTensor("fc.wieght", SafetensorsDType.F32, [5, 64], new float[320]),
            new SafetensorsTensor("fc.bias", SafetensorsDType.F32, [4], new float[4]),
            new SafetensorsTensor("flat_shape", SafetensorsDType.F32, [2], new float[2]),
        ]);

        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = "bad", Source = TaskVectorSourceKind.Delta, SourcePath = path }));
        Assert.Contains("'fc.wieght' is not an initializer", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fc.bias' has shape [4]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'flat_shape' is a Int64 initializer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoraWithWrongFactorShapes_FailsNamingThem()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var path = Path.Combine(_folder, "lora.safetensors");
        SafetensorsWriter.Write(path,
        [
            new SafetensorsTensor("fc.weight.lora_A", SafetensorsDType.F32, [2, 60], new float[120]),
            new SafetensorsTensor("fc.weight.lora_B", SafetensorsDType.F32, [5, 2], new float[10]),
            new SafetensorsTensor("conv.bias.lora_A", SafetensorsDType.F32, [1, 1], new float[1]),
        ], new Dictionary<string, string> { ["scale"] = "1" });

        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = "lora", Source = TaskVectorSourceKind.Lora, SourcePath = path }));
        Assert.Contains("A [2,60]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'conv.bias.lora_B' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllZeroTaskVector_IsRejected()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = "same", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = _basePath }));
        Assert.Contains("zero everywhere", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_bank, "same.safetensors")));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("CON")]
    [InlineData("name.tmp-1")]
    [InlineData("-dash")]
    public void InvalidName_IsRejected(string name)
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = name, Source = TaskVectorSourceKind.FineTunedModel, SourcePath = _basePath }));
        Assert.Contains("Name:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateName_IgnoringCase_IsRejected()
    {
        var editor = CreateWithOne("fog");
        var path = BankTestModels.SaveFineTuned(_base, _folder, "fog2", BankTestModels.Perturb(_base, 7, "fc.bias"));

        var error = Assert.Throws<TaskVectorBankException>(() =>
            editor.Add(new AddTaskVectorRequest { Name = "FOG", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path }));
        Assert.Contains("already has a task vector named 'FOG'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_DeletesEntryAndFile_AndChangesTheHash()
    {
        var editor = CreateWithOne("fog");
        var before = TaskVectorBank.Open(_bank).Hash;
        editor.Remove("fog");

        var bank = TaskVectorBank.Open(_bank);
        Assert.Empty(bank.TaskVectors);
        Assert.NotEqual(before, bank.Hash);
        Assert.False(File.Exists(Path.Combine(_bank, "fog.safetensors")));
        Assert.Throws<TaskVectorBankException>(() => editor.Remove("fog"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Add_RecordsCreationTimeFromTheInjectedClockAndProvenance()
    {
        var when = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        var editor = TaskVectorBankEditor.Create(_bank, _basePath, new FixedClock(when));
        var path = BankTestModels.SaveFineTuned(_base, _folder, "dusk", BankTestModels.Perturb(_base, 8, "conv.bias"));
        editor.Add(new AddTaskVectorRequest { Name = "dusk", Source = TaskVectorSourceKind.FineTunedModel, SourcePath = path, Description = "evening frames" });

        var info = TaskVectorBank.Open(_bank).GetTaskVector("dusk");
        Assert.Equal(when, info.CreatedUtc);
        Assert.Equal("dusk.onnx", info.Source);
        Assert.Equal("evening frames", info.Description);
        Assert.Contains("\"created_utc\": \"2026-03-04T03:06:07Z\"", File.ReadAllText(Path.Combine(_bank, "bank.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OverAnExistingBank_IsRejected()
    {
        CreateWithOne();
        var error = Assert.Throws<TaskVectorBankException>(() => TaskVectorBankEditor.Create(_bank, _basePath));
        Assert.Contains("already holds a bank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedBankJson_AtEveryPrefix_FailsWithTheBankException()
    {
        CreateWithOne();
        var manifest = File.ReadAllBytes(Path.Combine(_bank, "bank.json"));
        for (int length = 0; length < manifest.Length; length += 7)
        {
            File.WriteAllBytes(Path.Combine(_bank, "bank.json"), manifest[..length]);
            var error = Record.Exception(() => TaskVectorBank.Open(_bank));
            Assert.True(error is TaskVectorBankException, $"prefix {length}: {error?.GetType().Name ?? "no error"}: {error?.Message}");
        }
    }
}
