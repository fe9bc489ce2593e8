using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>fog</c>: haze between camera and scene; each image is blended with a bright, smooth random veil (a coarse 4×4
/// noise field upsampled bilinearly), which lifts the mean and flattens the contrast.
/// </summary>
internal sealed class FogTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Density => [0.25, 0.35, 0.45, 0.55, 0.65];

    public string Name => "fog";

    public IReadOnlyList<string> Aliases { get; } = ["haze"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var density = Severity.Pick(severity, Density);
        using var scope = NewDisposeScope();
        var coarse = rand([n, 1, 4, 4], images.dtype, generator: generator);
        var field = nn.functional.interpolate(coarse, [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
        var veil = (field * 0.25) + 0.75;
        return ((images * (1 - density)) + (veil * density)).MoveToOuterDisposeScope();
    }
}
