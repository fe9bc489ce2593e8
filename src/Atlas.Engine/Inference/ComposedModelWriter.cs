using Atlas.Engine.Onnx;

namespace Atlas.Engine.Inference;

/// <summary>
/// Writes a standalone ONNX file with composed weights baked into its initializers, for devices or tools that
/// load a plain model instead of running the host. Run by ONNX Runtime, the file gives the same outputs as the
/// host serving the same base model and overrides.
/// </summary>
public static class ComposedModelWriter
{
    /// <summary>
    /// Validates <paramref name="overrides"/> against <paramref name="baseModel"/> (as a publish would) and writes
    /// the composed model to <paramref name="outPath"/> atomically (a temporary file renamed into place).
    /// </summary>
    /// <exception cref="InferenceException">An override does not fit the model; nothing is written.</exception>
    public static void Write(OnnxModel baseModel, IReadOnlyDictionary<string, float[]> overrides, string outPath)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        InitializerOverrideValidator.Validate(baseModel, overrides, Path.GetFileName(outPath));
        baseModel.Save(outPath, overrides);
    }
}
