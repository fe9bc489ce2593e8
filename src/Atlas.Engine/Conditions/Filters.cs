using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>Convolution helpers shared by the blur transforms.</summary>
internal static class Filters
{
    /// <summary>
    /// Convolves every image with its own square kernel (edges replicated, size preserved). <paramref name="kernels"/>
    /// is [N, k, k]; the images are folded into the channel axis so one grouped convolution does the whole batch.
    /// </summary>
    public static Tensor PerImage(Tensor images, Tensor kernels)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var k = kernels.shape[1];
        var pad = k / 2;
        using var folded = images.reshape(1, n * c, h, w);
        using var padded = nn.functional.pad(folded, [pad, pad, pad, pad], PaddingModes.Replicate);
        using var weight = kernels.repeat_interleave(c, dim: 0).reshape(n * c, 1, k, k);
        using var output = nn.functional.conv2d(padded, weight.to_type(images.dtype), groups: n * c);
        return output.reshape(n, c, h, w);
    }

    /// <summary>Convolves every channel with one separable Gaussian of standard deviation <paramref name="sigma"/> pixels.</summary>
    public static Tensor Gaussian(Tensor images, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(2.5 * sigma));
        var taps = new float[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++)
        {
            taps[i + radius] = (float)Math.Exp(-(i * i) / (2 * sigma * sigma));
        }
        var sum = taps.Sum();
        for (var i = 0; i < taps.Length; i++)
        {
            taps[i] /= sum;
        }
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        using var scope = NewDisposeScope();
        var folded = images.reshape(n * c, 1, h, w);
        var row = tensor(taps).reshape(1, 1, 1, taps.Length);
        var column = row.reshape(1, 1, taps.Length, 1);
        var horizontal = nn.functional.conv2d(nn.functional.pad(folded, [radius, radius, 0, 0], PaddingModes.Replicate), row);
        var both = nn.functional.conv2d(nn.functional.pad(horizontal, [0, 0, radius, radius], PaddingModes.Replicate), column);
        return both.reshape(n, c, h, w).MoveToOuterDisposeScope();
    }
}
