using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Engine.Inference;

/// <summary>
/// The serving signature Atlas supports: one f32 input shaped [batch, ...sample] whose batch dimension is dynamic
/// (micro-batched) or 1 (run one by one), and f32 outputs whose first one holds the logits.
/// </summary>
internal sealed record ModelSignature(string InputName, long[] SampleShape, bool DynamicBatch, string[] OutputNames, int ClassCount)
{
    public int SampleLength { get; } = checked((int)SampleShape.Aggregate(1L, (a, d) => a * d));

    /// <summary>Reads the signature from a session; the class count is -1 when the output shape is symbolic.</summary>
    public static ModelSignature Read(InferenceSession session, string version)
    {
        if (session.InputMetadata.Count != 1)
            throw new InferenceException($"Model version '{version}' has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); the host serves models with exactly one image input.");
        var (inputName, input) = session.InputMetadata.First();
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
            throw new InferenceException($"Input '{inputName}' of model version '{version}' is {input.ElementDataType}; expected a float32 tensor.");
        var dims = input.Dimensions;
        if (dims.Length < 2)
            throw new InferenceException($"Input '{inputName}' of model version '{version}' has shape {Text(dims)}; expected [batch, ...sample].");
        if (dims[0] is not (-1 or 1))
            throw new InferenceException($"Input '{inputName}' of model version '{version}' has a fixed batch of {dims[0]}; expected a dynamic batch or 1.");
        if (dims.Skip(1).Any(d => d <= 0))
            throw new InferenceException($"Input '{inputName}' of model version '{version}' has shape {Text(dims)}; every dimension after the batch must be fixed.");
        if (session.OutputMetadata.Count == 0)
            throw new InferenceException($"Model version '{version}' has no outputs.");
        var (outputName, output) = session.OutputMetadata.First();
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float)
            throw new InferenceException($"Output '{outputName}' of model version '{version}' is {output.ElementDataType}; expected a float32 tensor.");
        var outDims = output.Dimensions.Skip(1).ToArray();
        var classCount = outDims.Any(d => d <= 0) ? -1 : outDims.Aggregate(1, (a, d) => checked(a * d));
        return new ModelSignature(inputName, [.. dims.Skip(1).Select(d => (long)d)], dims[0] == -1,
            [.. session.OutputMetadata.Keys], classCount);
    }

    private static string Text(int[] dims) =>
        "[" + string.Join(",", dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
