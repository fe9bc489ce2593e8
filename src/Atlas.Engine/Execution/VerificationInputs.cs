using System.Globalization;
using Atlas.Engine.Onnx;

namespace Atlas.Engine.Execution;

/// <summary>
/// The seeded random feed of <see cref="ModelVerifier"/>: a concrete shape for every graph input (symbolic leading
/// dimension = batch, other symbolic dimensions from <see cref="ModelVerifierOptions.Shape"/>) and uniform values
/// in [-1, 1).
/// </summary>
internal static class VerificationInputs
{
    public static Dictionary<string, (long[] Shape, float[] Values)> Create(OnnxModel model, ModelVerifierOptions options)
    {
        var random = new Random(options.Seed);
        var feeds = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        foreach (var input in model.Inputs)
        {
            if (input.ElementType != OnnxElementType.Float)
            {
                throw new GraphExecutionException(
                    $"Graph input '{input.Name}' is {input.ElementType} {input.ShapeText}; model verification feeds random Float inputs only.");
            }
            var shape = Resolve(input, options);
            var values = new float[shape.Aggregate(1L, (a, d) => a * d)];
            for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
            feeds[input.Name] = (shape, values);
        }
        return feeds;
    }

    private static long[] Resolve(OnnxTensorInfo input, ModelVerifierOptions options)
    {
        var dims = input.Shape;
        var shape = new long[dims.Length];
        if (options.Shape is { } given && given.Count != dims.Length - 1)
        {
            throw new GraphExecutionException(string.Create(CultureInfo.InvariantCulture,
                $"--shape [{string.Join("x", given)}] has {given.Count} dimensions, but graph input '{input.Name}' {input.ShapeText} needs {dims.Length - 1} after the batch."));
        }
        for (int d = 0; d < dims.Length; d++)
        {
            if (d == 0)
            {
                shape[0] = dims[0] >= 0 ? dims[0] : options.Batch;
                continue;
            }
            long? requested = options.Shape?[d - 1];
            if (dims[d] >= 0)
            {
                if (requested is { } r && r != dims[d])
                {
                    throw new GraphExecutionException(string.Create(CultureInfo.InvariantCulture,
                        $"--shape asks for {r} in dimension {d} of graph input '{input.Name}' {input.ShapeText}, which the model fixes at {dims[d]}."));
                }
                shape[d] = dims[d];
            }
            else
            {
                shape[d] = requested ?? throw new GraphExecutionException(
                    $"Graph input '{input.Name}' {input.ShapeText} has symbolic dimensions after the batch; give their sizes with --shape (e.g. 3x224x224).");
            }
        }
        return shape;
    }
}
