using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>Affine warps of whole images, in pixel units, with black (0) where the source falls outside the frame.</summary>
internal static class Geometry
{
    /// <summary>
    /// Rotates image i by <paramref name="radians"/>[i] about its centre and shifts it by (dx[i], dy[i]) pixels
    /// (positive: right and down).
    /// </summary>
    public static Tensor Warp(Tensor images, double[] radians, double[] dx, double[] dy, bool nearest)
    {
        var (n, h, w) = ((int)images.shape[0], images.shape[2], images.shape[3]);
        var theta = new float[n * 6];
        for (var i = 0; i < n; i++)
        {
            // affine_grid maps output to input coordinates, normalised to [-1, 1] per axis: invert the motion, and
            // correct the rotation for a non-square frame (a pixel is 2/W wide but 2/H tall).
            var cos = Math.Cos(radians[i]);
            var sin = Math.Sin(radians[i]);
            theta[(i * 6) + 0] = (float)cos;
            theta[(i * 6) + 1] = (float)(sin * h / w);
            theta[(i * 6) + 2] = (float)(-2 * dx[i] / w);
            theta[(i * 6) + 3] = (float)(-sin * w / h);
            theta[(i * 6) + 4] = (float)cos;
            theta[(i * 6) + 5] = (float)(-2 * dy[i] / h);
        }
        using var scope = NewDisposeScope();
        var affine = tensor(theta, [n, 2, 3]).to_type(images.dtype);
        var grid = nn.functional.affine_grid(affine, [n, images.shape[1], h, w], align_corners: false);
        var mode = nearest ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
        return nn.functional.grid_sample(images, grid, mode, GridSamplePaddingMode.Zeros, align_corners: false).MoveToOuterDisposeScope();
    }

    /// <summary>Draws <paramref name="count"/> uniform numbers in [0, 1) from the generator.</summary>
    public static double[] Uniform(int count, Generator generator)
    {
        using var u = rand(count, float64, generator: generator);
        return u.data<double>().ToArray();
    }
}
