using System.Security.Cryptography;
using Atlas.Engine.Bank;
using Atlas.Engine.Onnx;
using Atlas.Engine.Safetensors;
using Atlas.Engine.Tests.Safetensors;

namespace Atlas.Engine.Tests.Bank;

/// <summary>
/// A bank written the way docs/bank.md tells a Python user to (bank.json by hand, safetensors bytes by hand),
/// sharing no code with the bank writer.
/// </summary>
public sealed class HandWrittenBankTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atlas-bankh-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BankWrittenFromTheDocumentedRules_OpensAndLoads()
    {
        Atlas.Engine.TorchRuntime.EnsureLoaded();
        BankTestModels.BuildBase().Save(Path.Combine(_folder, "model.onnx"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_folder, "model.onnx"))));
        // Full task vector: fc.bias [5] in F32.
        File.WriteAllBytes(Path.Combine(_folder, "fog.safetensors"), SafetensorsFixtures.Assemble(
            "{\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,20]}}",
            SafetensorsFixtures.LittleEndianFloats(1, 0, -2, 0, 2)));
        // LoRA task vector on conv.bias [4] (out = 4, in = 1), rank 1, F16 factors A = [[2]], B = [[1],[0],[-1],[0.5]], scale 0.25.
        File.WriteAllBytes(Path.Combine(_folder, "night.safetensors"), SafetensorsFixtures.Assemble(
            "{\"__metadata__\":{\"scale\":\"0.25\"}," +
            "\"conv.bias.lora_A\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]}," +
            "\"conv.bias.lora_B\":{\"dtype\":\"F16\",\"shape\":[4,1],\"data_offsets\":[2,10]}}",
            SafetensorsFixtures.LittleEndianUInt16s(0x4000, 0x3C00, 0x0000, 0xBC00, 0x3800)));
        File.WriteAllText(Path.Combine(_folder, "bank.json"), $$"""
            {
              "format": "atlas-bank",
              "format_version": 1,
              "base_model": { "file": "model.onnx", "sha256": "{{sha}}" },
              "task_vectors": [
                { "name": "fog", "kind": "full", "dtype": "f32", "file": "fog.safetensors",
                  "provenance": { "source": "fog.pt", "description": "written by hand" },
                  "created_utc": "2026-11-27T12:00:00Z", "block_norms": { "fc.bias": 3.0 } },
                { "name": "night", "kind": "lora", "dtype": "f16", "file": "night.safetensors",
                  "provenance": { "source": "night-lora.pt" },
                  "created_utc": "2026-11-27T12:30:00Z", "block_norms": { "conv.bias": 0.75 } }
              ]
            }
            """);

        var report = TaskVectorBankVerifier.Verify(_folder);
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        var bank = TaskVectorBank.Open(_folder);
        Assert.Equal(SafetensorsDType.F16, bank.GetTaskVector("night").StorageType);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), bank.GetTaskVector("fog").CreatedUtc);
        using var set = bank.LoadTaskVectors();
        Assert.Equal([1f, 0, -2, 0, 2], set.TaskVectors[0].Tensors["fc.bias"].data<float>().ToArray());
        // 0.25 · B · A = 0.25 · 2 · [1, 0, -1, 0.5]; exact in f32.
        Assert.Equal([0.5f, 0, -0.5f, 0.25f], set.TaskVectors[1].Tensors["conv.bias"].data<float>().ToArray());
        Assert.Equal(["conv.bias", "fc.bias"], set.Blocks.Select(b => b.Name));
    }

    [Fact]
    public void BankJsonWithMissingField_FailsNamingIt()
    {
        BankTestModels.BuildBase().Save(Path.Combine(_folder, "model.onnx"));
        File.WriteAllText(Path.Combine(_folder, "bank.json"),
            "{\"format\":\"atlas-bank\",\"format_version\":1,\"task_vectors\":[]}");

        var error = Assert.Throws<TaskVectorBankException>(() => TaskVectorBank.Open(_folder));
        Assert.Contains("base_model", error.Message, StringComparison.Ordinal);
    }
}
