using Atlas.Agent.Tests.TestSupport;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>
/// The model and bank are damaged on disk while the agent runs (a copy of the shipped sample in a temporary folder):
/// <c>reload</c> is refused naming the file and what is wrong, predictions continue from the model in memory, and
/// <c>adapt</c> and <c>reset</c> still work on the bank and model loaded at start.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReloadTests : IDisposable
{
    private const int Frames = 20;

    /// <summary>The task vectors <see cref="AdaptingAgent"/> leaves out of its composition.</summary>
    private static readonly string[] Exclude = ["fog"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CorruptedBankAndModel_ReloadRefused_ServingAdaptAndResetContinueOnTheKeptPair()
    {
        var bank = CopySampleBank();
        var model = _folder.File("model.onnx");
        File.Copy(Path.Combine(bank, "base.onnx"), model);
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, bank, Exclude, 0.1f);
        await using var agent = await AdaptingAgent.StartAsync(Frames, Settings(bank, model), state);
        var served = $"adapted-{stored[0]}";
        await agent.PublishFramesAsync(0, Frames);
        for (int i = 0; i < Frames; i++) Assert.Equal(served, await agent.VersionOfAsync(i));
        await Task.Delay(100); // the last frame is buffered just after its prediction is queued

        var intact = await agent.CommandAsync("reload");
        Assert.True(intact.GetProperty("ok").GetBoolean(), intact.ToString());
        Assert.False(intact.GetProperty("result").GetProperty("changed").GetBoolean());

        // Silent damage inside the tensor data (the header still parses): four f16 values become 1.0, which the recorded
        // block norms catch (task-vector deltas are of order 1e-3).
        Overwrite(Path.Combine(bank, "fog.safetensors"), fromEnd: 64, [0x00, 0x3C, 0x00, 0x3C, 0x00, 0x3C, 0x00, 0x3C]);
        var bankRefused = await agent.CommandAsync("reload");
        Assert.False(bankRefused.GetProperty("ok").GetBoolean(), bankRefused.ToString());
        var bankError = bankRefused.GetProperty("error").GetString()!;
        Assert.Contains("fog.safetensors", bankError, StringComparison.Ordinal);
        Assert.Contains("L2 norm", bankError, StringComparison.Ordinal);
        var refusedEvent = await agent.EventAsync("reload-refused");
        Assert.Contains(refusedEvent.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("fog.safetensors", StringComparison.Ordinal));
        Assert.Contains("fog.safetensors", agent.Logs.Text, StringComparison.Ordinal);
        Assert.Equal(served, await agent.ProbeVersionAsync());

        // The served ONNX file itself: a byte changed in the middle no longer matches the hash the bank records.
        Overwrite(model, fromEnd: 400_000, [0xDE, 0xAD, 0xBE, 0xEF]);
        var modelRefused = await agent.CommandAsync("reload");
        Assert.False(modelRefused.GetProperty("ok").GetBoolean(), modelRefused.ToString());
        var modelError = modelRefused.GetProperty("error").GetString()!;
        Assert.Contains($"'{model}'", modelError, StringComparison.Ordinal);
        Assert.Contains("sha256", modelError, StringComparison.Ordinal);
        Assert.Equal(served, await agent.ProbeVersionAsync());

        var adapt = await agent.CommandAsync("adapt");
        Assert.True(adapt.GetProperty("ok").GetBoolean(), adapt.ToString());
        var afterAdapt = await agent.ProbeVersionAsync();
        Assert.Equal(adapt.GetProperty("result").GetProperty("accepted").GetBoolean() ? adapt.GetProperty("result").GetProperty("version").GetString() : served, afterAdapt);

        var reset = await agent.CommandAsync("reset");
        Assert.True(reset.GetProperty("ok").GetBoolean(), reset.ToString());
        Assert.StartsWith("base-", await agent.ProbeVersionAsync(), StringComparison.Ordinal);

        // Files restored: reload passes again, and nothing needed swapping.
        File.Copy(Path.Combine(RepositoryPaths.SampleBank(), "fog.safetensors"), Path.Combine(bank, "fog.safetensors"), overwrite: true);
        File.Copy(Path.Combine(RepositoryPaths.SampleBank(), "base.onnx"), model, overwrite: true);
        var restored = await agent.CommandAsync("reload");
        Assert.True(restored.GetProperty("ok").GetBoolean(), restored.ToString());
        Assert.False(restored.GetProperty("result").GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task ValidChangedBank_ReloadSwapsIt_AndServesTheNewBanksBaseModel()
    {
        var bank = CopySampleBank();
        var state = _folder.File("state");
        var stored = SeededAdaptationState.Write(state, bank, Exclude, 0.1f);
        await using var agent = await AdaptingAgent.StartAsync(Frames, Settings(bank, Path.Combine(bank, "base.onnx")), state);
        Assert.Equal($"adapted-{stored[0]}", await agent.ProbeVersionAsync());
        var oldHash = new Atlas.Engine.Adaptation.CoefficientStateStore(SeededAdaptationState.StoreFolder(state)).Versions.Single().BankHash;

        new Atlas.Engine.Bank.TaskVectorBankEditor(bank).Remove("jpeg");
        var reload = await agent.CommandAsync("reload");

        Assert.True(reload.GetProperty("ok").GetBoolean(), reload.ToString());
        var result = reload.GetProperty("result");
        Assert.True(result.GetProperty("changed").GetBoolean());
        Assert.NotEqual(oldHash, result.GetProperty("bankHash").GetString());
        // The stored version was learned on the old bank: its coefficients index other task vectors, so the base model serves.
        var served = result.GetProperty("version").GetString()!;
        Assert.StartsWith("base-", served, StringComparison.Ordinal);
        Assert.Equal(served, await agent.ProbeVersionAsync());
    }

    private static Dictionary<string, string?> Settings(string bank, string model) => new()
    {
        ["Model:Path"] = model,
        ["Adaptation:Bank"] = bank,
    };

    private string CopySampleBank()
    {
        var copy = Directory.CreateDirectory(_folder.File("bank")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.SampleBank()))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    /// <summary>Overwrites bytes <paramref name="fromEnd"/> bytes before the end of the file, in place (as a disk fault would).</summary>
    private static void Overwrite(string path, int fromEnd, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = stream.Length - fromEnd;
        stream.Write(bytes);
    }
}
