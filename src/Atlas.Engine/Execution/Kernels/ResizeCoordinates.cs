namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Where each output position of a Resize samples the input, per ONNX's coordinate_transformation_mode and
/// nearest_mode. Computed in single precision, as ONNX Runtime does, so nearest neighbours agree at ties.
/// </summary>
internal static class ResizeCoordinates
{
    public static readonly string[] TransformModes = ["half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric"];

    public static readonly string[] NearestModes = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"];

    /// <summary>The input coordinate that output position <paramref name="x"/> maps to (not yet clamped).</summary>
    public static float Original(string mode, long x, float scale, long outputLength, long inputLength) => mode switch
    {
        "half_pixel" => (x + 0.5f) / scale - 0.5f,
        "half_pixel_symmetric" => HalfPixelSymmetric(x, scale, outputLength, inputLength),
        "pytorch_half_pixel" => outputLength > 1 ? (x + 0.5f) / scale - 0.5f : 0f,
        "align_corners" => outputLength == 1 ? 0f : x * (float)(inputLength - 1) / (outputLength - 1),
        "asymmetric" => x / scale,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown coordinate_transformation_mode"),
    };

    /// <summary>Nearest input index for a coordinate, clamped to the axis.</summary>
    public static long Nearest(string mode, float coordinate, long inputLength)
    {
        double floor = Math.Floor(coordinate);
        bool tie = coordinate - floor == 0.5;
        double index = mode switch
        {
            "round_prefer_floor" => tie ? floor : Math.Round(coordinate, MidpointRounding.AwayFromZero),
            "round_prefer_ceil" => tie ? floor + 1 : Math.Round(coordinate, MidpointRounding.AwayFromZero),
            "floor" => floor,
            "ceil" => Math.Ceiling(coordinate),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown nearest_mode"),
        };
        return Math.Clamp((long)index, 0, inputLength - 1);
    }

    /// <summary>Linear interpolation: the lower index, the upper index and the upper index's weight.</summary>
    public static (long Low, long High, float Weight) Linear(float coordinate, long inputLength)
    {
        float clamped = Math.Clamp(coordinate, 0f, inputLength - 1);
        long low = Math.Min((long)clamped, inputLength - 1);
        long high = Math.Min(low + 1, inputLength - 1);
        return (low, high, clamped - low);
    }

    private static float HalfPixelSymmetric(long x, float scale, long outputLength, long inputLength)
    {
        float adjustment = outputLength / (scale * inputLength);
        float center = inputLength / 2f;
        float offset = center * (1 - adjustment);
        return offset + (x + 0.5f) / scale - 0.5f;
    }
}
