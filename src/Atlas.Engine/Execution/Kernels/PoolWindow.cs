namespace Atlas.Engine.Execution.Kernels;

/// <summary>Kernel-shape handling shared by AveragePool and MaxPool.</summary>
internal static class PoolWindow
{
    /// <summary>Reads kernel_shape and the window geometry for an [N,C,…] input; checks ranks.</summary>
    public static SpatialGeometry Resolve(OpContext context, long[] inputShape)
    {
        var kernel = context.Ints("kernel_shape", []);
        int n = inputShape.Length - 2;
        if (kernel.Length != n || n is < 1 or > 3)
        {
            throw new InvalidOperationException(
                $"kernel_shape [{string.Join(",", kernel)}] does not fit an input of shape [{string.Join(",", inputShape)}] (1 to 3 spatial axes)");
        }
        return SpatialGeometry.Resolve(context, inputShape[2..], kernel);
    }

    /// <summary>
    /// The end padding that makes a floor-mode pooling over (begin pad + input + this) produce exactly the ONNX
    /// output size, plus that size, per axis.
    /// </summary>
    public static (long[] ExtraEnd, long[] Output) FitOutput(SpatialGeometry geometry, long[] input, bool ceilMode)
    {
        int n = geometry.Rank;
        var extra = new long[n];
        var output = new long[n];
        for (int i = 0; i < n; i++)
        {
            output[i] = geometry.PoolOutputSize(i, input[i], ceilMode);
            if (output[i] < 1)
                throw new InvalidOperationException($"spatial axis {i}: input {input[i]} with pads is smaller than the window {geometry.Extent(i)}");
            long needed = ((output[i] - 1) * geometry.Strides[i]) + geometry.Extent(i);
            extra[i] = needed - (input[i] + geometry.PadBegin[i]);
        }
        return (extra, output);
    }
}
