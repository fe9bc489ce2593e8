using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>shot-noise</c>: photon counting noise of a low-light sensor; each pixel becomes Poisson(x·λ)/λ, so fewer photons
/// (smaller λ) mean relatively more noise in bright areas than in dark ones.
/// </summary>
internal sealed class ShotNoiseTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Photons => [60, 25, 12, 5, 3];

    public string Name => "shot-noise";

    public IReadOnlyList<string> Aliases { get; } = ["poisson-noise"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var photons = Severity.Pick(severity, Photons);
        using var rate = images.clamp(0, 1) * photons;
        using var counts = poisson(rate, generator);
        return counts / photons;
    }
}
