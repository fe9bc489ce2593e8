using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary><c>gaussian-noise</c>: additive sensor read noise, independent per pixel and channel.</summary>
internal sealed class GaussianNoiseTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Sigma => [0.04, 0.08, 0.12, 0.18, 0.26];

    public string Name => "gaussian-noise";

    public IReadOnlyList<string> Aliases { get; } = ["noise"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var noise = randn(images.shape, images.dtype, generator: generator);
        return images + (noise * Severity.Pick(severity, Sigma));
    }
}
