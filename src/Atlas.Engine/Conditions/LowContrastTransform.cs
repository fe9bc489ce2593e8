using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary><c>low-contrast</c>: a washed-out lens or sensor; every pixel is pulled toward its image's mean.</summary>
internal sealed class LowContrastTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Contrast => [0.5, 0.4, 0.3, 0.2, 0.1];

    public string Name => "low-contrast";

    public IReadOnlyList<string> Aliases { get; } = ["contrast"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var mean = images.mean([1, 2, 3], keepdim: true);
        using var centred = images - mean;
        using var scaled = centred * Severity.Pick(severity, Contrast);
        return scaled + mean;
    }
}
