using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>dark</c>: night or under-exposure; brightness is scaled down and a gamma above 1 crushes the shadows
/// (b·x^γ).
/// </summary>
internal sealed class DarkTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Brightness => [0.75, 0.6, 0.45, 0.35, 0.25];

    private static ReadOnlySpan<double> Gamma => [1.2, 1.4, 1.6, 1.8, 2.0];

    public string Name => "dark";

    public IReadOnlyList<string> Aliases { get; } = ["night", "underexposure"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        using var clamped = images.clamp(0, 1);
        using var curved = clamped.pow(Severity.Pick(severity, Gamma));
        return curved * Severity.Pick(severity, Brightness);
    }
}
