using System.Text.Json.Serialization;

namespace Atlas.Engine.Bank;

// The JSON shape of bank.json (documented in docs/bank.md). Property names are snake_case so Python code reads naturally.

/// <summary>Root of <c>bank.json</c>.</summary>
internal sealed class BankManifest
{
    public const string FormatName = "atlas-bank";
    public const int CurrentVersion = 1;

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("format_version")]
    public required int FormatVersion { get; init; }

    [JsonPropertyName("base_model")]
    public required BankBaseModelRecord BaseModel { get; init; }

    [JsonPropertyName("task_vectors")]
    public required List<BankTaskVectorRecord> TaskVectors { get; init; }
}

/// <summary>The base model file (in the bank folder) and the SHA-256 of its bytes, lower-case hex.</summary>
internal sealed class BankBaseModelRecord
{
    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }
}

/// <summary>One task vector.</summary>
internal sealed class BankTaskVectorRecord
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary><c>full</c> or <c>lora</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary><c>f32</c>, <c>f16</c> or <c>bf16</c>.</summary>
    [JsonPropertyName("dtype")]
    public required string DType { get; init; }

    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("provenance")]
    public required BankProvenanceRecord Provenance { get; init; }

    /// <summary>UTC, ISO-8601 with a trailing Z.</summary>
    [JsonPropertyName("created_utc")]
    public required string CreatedUtc { get; init; }

    /// <summary>L2 norm of the stored delta of each block (the dense delta for LoRA), keyed by initializer name.</summary>
    [JsonPropertyName("block_norms")]
    public required Dictionary<string, double> BlockNorms { get; init; }
}

/// <summary>Where a task vector came from.</summary>
internal sealed class BankProvenanceRecord
{
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
