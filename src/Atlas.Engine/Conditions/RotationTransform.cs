using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>rotation</c>: a tilted camera; each image turns about its centre by a random angle between half and all of the
/// severity's maximum, in a random direction.
/// </summary>
internal sealed class RotationTransform : ICameraTransform
{
    private static ReadOnlySpan<double> MaxDegrees => [6, 12, 18, 24, 30];

    public string Name => "rotation";

    public IReadOnlyList<string> Aliases { get; } = ["rotate", "tilt"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var n = (int)images.shape[0];
        var u = Geometry.Uniform(2 * n, generator);
        var max = Severity.Pick(severity, MaxDegrees) * Math.PI / 180;
        var radians = new double[n];
        for (var i = 0; i < n; i++)
        {
            radians[i] = max * (0.5 + (0.5 * u[i])) * (u[n + i] < 0.5 ? -1 : 1);
        }
        return Geometry.Warp(images, radians, new double[n], new double[n], nearest: false);
    }
}
