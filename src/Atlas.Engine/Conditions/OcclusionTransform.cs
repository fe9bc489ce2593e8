using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>occlusion</c>: something in front of the lens (a leaf, a sticker, a hand); one square patch per image, at a random
/// position fully inside the frame, is covered with mid-gray (0.5). Its side grows with severity.
/// </summary>
internal sealed class OcclusionTransform : ICameraTransform
{
    /// <summary>The patch's fill value.</summary>
    public const float Fill = 0.5f;

    private static ReadOnlySpan<double> SideFraction => [0.2, 0.25, 0.3, 0.35, 0.4];

    public string Name => "occlusion";

    public IReadOnlyList<string> Aliases { get; } = ["occlude", "patch"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var (n, h, w) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        var side = Math.Max(1, (int)Math.Round(Severity.Pick(severity, SideFraction) * Math.Min(h, w)));
        var u = Geometry.Uniform(2 * n, generator);
        var mask = new bool[n * h * w];
        for (var i = 0; i < n; i++)
        {
            var top = (int)(u[i] * (h - side + 1));
            var left = (int)(u[n + i] * (w - side + 1));
            for (var y = top; y < top + side; y++)
            {
                Array.Fill(mask, true, (i * h * w) + (y * w) + left, side);
            }
        }
        using var maskTensor = tensor(mask, [n, 1, h, w]);
        return images.masked_fill(maskTensor, Fill);
    }
}
