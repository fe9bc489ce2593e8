using Atlas.Engine.Onnx;

namespace Atlas.Engine.Inference;

/// <summary>
/// What to serve: a base ONNX model (a file or an <see cref="OnnxModel"/> in memory) with some of its
/// initializers replaced by composed weights, and the version and provenance reported with every result.
/// </summary>
/// <remarks>
/// The host keeps references to the override arrays for the life of the session built from them (ONNX Runtime
/// reads them in place); callers must not modify them after publishing.
/// </remarks>
public sealed class ServedModelSpec
{
    /// <summary>Path of the base model file; set this or <see cref="Model"/>.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The base model in memory; set this or <see cref="ModelPath"/>.</summary>
    public OnnxModel? Model { get; init; }

    /// <summary>
    /// Composed weights keyed by initializer name, as f32 in the initializer's element order. Empty serves the base
    /// model unchanged. Every name must be an initializer of the model with the same element count.
    /// </summary>
    public IReadOnlyDictionary<string, float[]> InitializerOverrides { get; init; } = new Dictionary<string, float[]>();

    /// <summary>Version reported with every result this model produces (e.g. a coefficients hash or sequence).</summary>
    public required string Version { get; init; }

    /// <summary>Free-form description for logs and status.</summary>
    public string? Description { get; init; }

    /// <summary>Where the composition coefficients came from (a file path or id), for provenance.</summary>
    public string? CoefficientsReference { get; init; }

    /// <summary>A spec serving the model file at <paramref name="path"/>.</summary>
    public static ServedModelSpec FromFile(string path, string version, IReadOnlyDictionary<string, float[]>? overrides = null) =>
        new() { ModelPath = path, Version = version, InitializerOverrides = overrides ?? new Dictionary<string, float[]>() };

    /// <summary>A spec serving an in-memory model.</summary>
    public static ServedModelSpec FromModel(OnnxModel model, string version, IReadOnlyDictionary<string, float[]>? overrides = null) =>
        new() { Model = model, Version = version, InitializerOverrides = overrides ?? new Dictionary<string, float[]>() };
}
