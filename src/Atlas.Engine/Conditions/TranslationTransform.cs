using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>translation</c>: a camera that moved; each image shifts by a whole number of pixels, up to a severity-dependent
/// fraction of its size in each axis and at least one pixel, uncovering black borders.
/// </summary>
internal sealed class TranslationTransform : ICameraTransform
{
    private static ReadOnlySpan<double> MaxFraction => [0.05, 0.1, 0.15, 0.2, 0.25];

    public string Name => "translation";

    public IReadOnlyList<string> Aliases { get; } = ["shift", "translate"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (n, h, w) = ((int)images.shape[0], images.shape[2], images.shape[3]);
        var fraction = Severity.Pick(severity, MaxFraction);
        var u = Geometry.Uniform(2 * n, generator);
        var dx = new double[n];
        var dy = new double[n];
        for (var i = 0; i < n; i++)
        {
            dx[i] = Math.Round(((2 * u[i]) - 1) * fraction * w);
            dy[i] = Math.Round(((2 * u[n + i]) - 1) * fraction * h);
            if (dx[i] == 0 && dy[i] == 0)
            {
                dx[i] = u[i] < 0.5 ? -1 : 1;
            }
        }
        return Geometry.Warp(images, new double[n], dx, dy, nearest: true);
    }
}
