using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary><c>overexposure</c>: too much light or gain; values are amplified and lifted so highlights saturate at 1.</summary>
internal sealed class OverexposureTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Gain => [1.3, 1.5, 1.8, 2.1, 2.5];

    private static ReadOnlySpan<double> Lift => [0.05, 0.1, 0.15, 0.2, 0.25];

    public string Name => "overexposure";

    public IReadOnlyList<string> Aliases { get; } = ["bright", "overexposed"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var amplified = images * Severity.Pick(severity, Gain);
        return amplified + Severity.Pick(severity, Lift);
    }
}
