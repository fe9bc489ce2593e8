using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary><c>gaussian-blur</c>: defocus, a Gaussian point spread function (σ in pixels grows with severity).</summary>
internal sealed class GaussianBlurTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Sigma => [0.6, 0.9, 1.2, 1.6, 2.0];

    public string Name => "gaussian-blur";

    public IReadOnlyList<string> Aliases { get; } = ["blur", "defocus"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator) =>
        Filters.Gaussian(images, Severity.Pick(severity, Sigma));
}
