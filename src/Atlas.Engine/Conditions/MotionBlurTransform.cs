using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>motion-blur</c>: camera shake during exposure, a straight line point spread function whose length grows with
/// severity and whose direction is drawn per image.
/// </summary>
internal sealed class MotionBlurTransform : ICameraTransform
{
    private static ReadOnlySpan<int> Length => [3, 5, 7, 9, 11];

    public string Name => "motion-blur";

    public IReadOnlyList<string> Aliases { get; } = ["motion", "shake"];

    public bool IsRandom => true;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var length = Severity.Pick(severity, Length);
        var n = (int)images.shape[0];
        using var angles = rand(n, generator: generator);
        var kernels = new float[n * length * length];
        var centre = length / 2;
        var u = angles.data<float>().ToArray();
        for (var i = 0; i < n; i++)
        {
            var theta = Math.PI * u[i];
            // Sample the segment densely and accumulate each sample into its nearest tap: a line of unit total weight.
            var samples = 4 * length;
            for (var s = 0; s < samples; s++)
            {
                var t = ((s + 0.5) / samples * length) - (length / 2.0);
                var x = Math.Clamp((int)Math.Round(centre + (t * Math.Cos(theta))), 0, length - 1);
                var y = Math.Clamp((int)Math.Round(centre + (t * Math.Sin(theta))), 0, length - 1);
                kernels[(i * length * length) + (y * length) + x] += 1f / samples;
            }
        }
        using var kernelTensor = tensor(kernels, [n, length, length]);
        return Filters.PerImage(images, kernelTensor);
    }
}
