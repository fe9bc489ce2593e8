using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Tests.Bank;

public sealed class BankAtomicityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-banka-").FullName;
    private readonly string _bank;
    private readonly string _basePath;
    private readonly OnnxModel _base = BankTestModels.BuildBase();

    public BankAtomicityTests()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        _bank = Path.Combine(_folder, "bank");
        _basePath = Path.Combine(_folder, "base.onnx");
        _base.Save(_basePath);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SimulatedCrashException(string stage) : Exception($"simulated crash at {stage}");

    private AddTaskVectorRequest Request(string name, int seed) => new()
    {
        Name = name,
        Source = TaskVectorSourceKind.FineTunedModel,
        SourcePath = BankTestModels.SaveFineTuned(_base, _folder, name, BankTestModels.Perturb(_base, seed, "fc.weight", "conv.bias")),
    };

    [Theory]
    [InlineData("tensor-file-written")]
    [InlineData("manifest-written")]
    [InlineData("tensor-file-renamed")]
    public void CrashInTheMiddleOfAdd_LeavesThePreviousBankIntact(string stage)
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        editor.Add(Request("fog", 1));
        var manifestBefore = File.ReadAllBytes(Path.Combine(_bank, "bank.json"));
        var hashBefore = TaskVectorBank.Open(_bank).Hash;

        editor.FaultHook = s => { if (s == stage) throw new SimulatedCrashException(s); };
        Assert.Throws<SimulatedCrashException>(() => editor.Add(Request("night", 2)));

        Assert.Equal(manifestBefore, File.ReadAllBytes(Path.Combine(_bank, "bank.json")));
        var bank = TaskVectorBank.Open(_bank);
        Assert.Equal(["fog"], bank.TaskVectorNames);
        Assert.Equal(hashBefore, bank.Hash);
        using (var set = bank.LoadTaskVectors())
            Assert.Equal(["fc.weight", "conv.bias"], set.TaskVectors[0].Info.Blocks.Select(b => b.Name).Order().Reverse());

        // The next editor removes the leftovers, and the interrupted add can be repeated.
        var next = new TaskVectorBankEditor(_bank);
        Assert.NotEmpty(next.RemovedTemporaryFiles);
        Assert.Empty(BankFolder.FindTemporaryFiles(_bank));
        next.Add(Request("night", 2));
        Assert.Equal(["fog", "night"], TaskVectorBank.Open(_bank).TaskVectorNames);
        Assert.True(TaskVectorBankVerifier.Verify(_bank).IsValid);
    }

    [Fact]
    public void CrashInTheMiddleOfRemove_LeavesThePreviousBankIntact()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        editor.Add(Request("fog", 1));
        editor.FaultHook = s => throw new SimulatedCrashException(s);

        Assert.Throws<SimulatedCrashException>(() => editor.Remove("fog"));
        Assert.Equal(["fog"], TaskVectorBank.Open(_bank).TaskVectorNames);
    }

    [Fact]
    public void LeftoverTemporaryFiles_AreIgnoredByOpen_ReportedByVerify_AndRemovedByTheNextEditor()
    {
        var editor = TaskVectorBankEditor.Create(_bank, _basePath);
        editor.Add(Request("fog", 1));
        File.WriteAllText(Path.Combine(_bank, "bank.json.tmp-deadbeef"), "{ half written");
        File.WriteAllBytes(Path.Combine(_bank, "rain.safetensors.tmp-0123"), [1, 2, 3]);

        Assert.Equal(["fog"], TaskVectorBank.Open(_bank).TaskVectorNames);
        var report = TaskVectorBankVerifier.Verify(_bank);
        Assert.True(report.IsValid);
        Assert.Equal(2, report.Warnings.Count(w => w.Contains("leftover temporary file", StringComparison.Ordinal)));

        var next = new TaskVectorBankEditor(_bank);
        Assert.Equal(["bank.json.tmp-deadbeef", "rain.safetensors.tmp-0123"], next.RemovedTemporaryFiles);
        Assert.Empty(BankFolder.FindTemporaryFiles(_bank));
    }
}
