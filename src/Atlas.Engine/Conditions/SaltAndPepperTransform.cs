using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>salt-and-pepper</c>: dead and hot pixels or transmission errors; a fraction p of pixel positions is set to 0 or 1
/// (half each), in every channel at once.
/// </summary>
internal sealed class SaltAndPepperTransform : ICameraTransform
{
    private static ReadOnlySpan<double> Fraction => [0.02, 0.04, 0.07, 0.1, 0.15];

    public string Name => "salt-and-pepper";

    public IReadOnlyList<string> Aliases { get; } = ["salt-pepper", "impulse-noise"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var p = Severity.Pick(severity, Fraction);
        var (n, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        using var scope = NewDisposeScope();
        var u = rand([n, 1, h, w], images.dtype, generator: generator);
        var salt = u < (p / 2);
        var pepper = (u >= (p / 2)) & (u < p);
        return images.masked_fill(salt, 1).masked_fill(pepper, 0).MoveToOuterDisposeScope();
    }
}
