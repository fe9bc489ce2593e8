using Atlas.Engine.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Atlas.Engine.Evaluation;

/// <summary>
/// How a dataset feeds a session: the first input, which must be float [N, C, H, W] with C, H and W equal to the
/// images' where the model fixes them, and the first output, read as class scores. Checked before any inference so a
/// mismatch names the tensor and both shapes instead of failing inside ONNX Runtime.
/// </summary>
internal sealed class ModelBinding
{
    private ModelBinding(string inputName, string outputName, int? fixedBatch)
    {
        InputName = inputName;
        OutputName = outputName;
        FixedBatch = fixedBatch;
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The batch size the model requires, or null when its batch dimension is dynamic.</summary>
    public int? FixedBatch { get; }

    public static ModelBinding Create(InferenceSession session, ImageDataset data)
    {
        if (session.InputNames.Count == 0 || session.OutputNames.Count == 0)
        {
            throw new EvaluationException(
                $"The model has {session.InputNames.Count} inputs and {session.OutputNames.Count} outputs; evaluation needs at least one of each.");
        }
        var inputName = session.InputNames[0];
        var input = session.InputMetadata[inputName];
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
        {
            throw new EvaluationException($"Model input '{inputName}' is {input.ElementDataType}; evaluation feeds float32 images.");
        }
        var dims = input.Dimensions;
        int[] expected = [data.Channels, data.Height, data.Width];
        if (dims.Length != 4 || Enumerable.Range(0, 3).Any(i => dims[i + 1] > 0 && dims[i + 1] != expected[i]))
        {
            throw new EvaluationException(
                $"Model input '{inputName}' has shape [{Describe(input)}], but the data holds images of [N, {string.Join(", ", expected)}].");
        }
        var outputName = session.OutputNames[0];
        var output = session.OutputMetadata[outputName];
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float)
        {
            throw new EvaluationException($"Model output '{outputName}' is {output.ElementDataType}; evaluation reads float32 class scores.");
        }
        return new ModelBinding(inputName, outputName, dims[0] > 0 ? dims[0] : null);
    }

    private static string Describe(NodeMetadata metadata) =>
        string.Join(", ", metadata.Dimensions.Select((d, i) =>
            d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.IsNullOrEmpty(metadata.SymbolicDimensions[i]) ? "?" : metadata.SymbolicDimensions[i]));
}
