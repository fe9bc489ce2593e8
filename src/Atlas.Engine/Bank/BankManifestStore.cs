using System.Security.Cryptography;
using System.Text.Json;

namespace Atlas.Engine.Bank;

/// <summary>Reads, writes and hashes <c>bank.json</c>.</summary>
internal static class BankManifestStore
{
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
    };

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions CanonicalOptions = new() { WriteIndented = false };

    public static BankManifest Read(string directory)
    {
        var path = BankFolder.ManifestPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new TaskVectorBankException($"Bank folder '{directory}' does not exist.");
        if (!File.Exists(path))
            throw new TaskVectorBankException($"Bank folder '{directory}' has no {BankFolder.ManifestFileName}; create the bank first ('atlas bank create').");
        BankManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BankManifest>(File.ReadAllBytes(path), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new TaskVectorBankException($"Bank manifest '{path}' is not valid: {e.Message}", e);
        }
        if (manifest is null) throw new TaskVectorBankException($"Bank manifest '{path}' is empty (null).");
        if (manifest.Format != BankManifest.FormatName)
            throw new TaskVectorBankException($"Bank manifest '{path}' has format '{manifest.Format}', expected '{BankManifest.FormatName}'.");
        if (manifest.FormatVersion != BankManifest.CurrentVersion)
            throw new TaskVectorBankException($"Bank manifest '{path}' has format_version {manifest.FormatVersion}; this Atlas reads version {BankManifest.CurrentVersion}.");
        return manifest;
    }

    /// <summary>Serialises the manifest to a temporary file next to bank.json and returns its path (not yet in place).</summary>
    public static string WriteTemporary(string directory, BankManifest manifest)
    {
        var temporary = BankFolder.TemporaryPathFor(BankFolder.ManifestPath(directory));
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, manifest, IndentedOptions);
            stream.Flush(flushToDisk: true);
        }
        return temporary;
    }

    /// <summary>Atomically puts a temporary manifest in place of bank.json.</summary>
    public static void Commit(string directory, string temporary) =>
        File.Move(temporary, BankFolder.ManifestPath(directory), overwrite: true);

    /// <summary>
    /// SHA-256 (lower-case hex) of the manifest's canonical form: the parsed content re-serialised compactly in a fixed
    /// property order, so whitespace or key order in a hand-written bank.json does not change it.
    /// </summary>
    public static string CanonicalHash(BankManifest manifest)
    {
        var canonical = new BankManifest
        {
            Format = manifest.Format,
            FormatVersion = manifest.FormatVersion,
            BaseModel = manifest.BaseModel,
            TaskVectors = [.. manifest.TaskVectors.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new BankTaskVectorRecord
            {
                Name = t.Name, Kind = t.Kind, DType = t.DType, File = t.File, Provenance = t.Provenance, CreatedUtc = t.CreatedUtc,
                BlockNorms = new Dictionary<string, double>(t.BlockNorms.OrderBy(p => p.Key, StringComparer.Ordinal)),
            })],
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical, CanonicalOptions)));
    }
}
