using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Conditions;

/// <summary>Independent measurements of image batches used to check that a condition does what its name says.</summary>
internal static class ImageStats
{
    /// <summary>Same shape and bit-for-bit equal values.</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static double Mean(Tensor images) => images.mean().item<float>();

    public static double Std(Tensor images) => images.std().item<float>();

    /// <summary>High-frequency energy: mean absolute 4-neighbour Laplacian over interior pixels.</summary>
    public static double LaplacianEnergy(Tensor images)
    {
        var x = images.to_type(ScalarType.Float64);
        var centre = x[.., .., 1..^1, 1..^1];
        var laplacian = x[.., .., ..^2, 1..^1] + x[.., .., 2.., 1..^1] + x[.., .., 1..^1, ..^2] + x[.., .., 1..^1, 2..] - (4 * centre);
        return laplacian.abs().mean().item<double>();
    }

    /// <summary>Intensity-weighted centre (x, y) of image <paramref name="index"/>, summed over channels.</summary>
    public static (double X, double Y) CentreOfMass(Tensor images, int index)
    {
        var image = images[index].sum(dim: 0).to_type(ScalarType.Float64);
        var (h, w) = ((int)image.shape[0], (int)image.shape[1]);
        var values = image.data<double>().ToArray();
        double total = 0, sx = 0, sy = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = values[(y * w) + x];
                total += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return (sx / total, sy / total);
    }

    /// <summary>A batch of dark images, each with one bright 4×4 square at (row, col), away from the centre.</summary>
    public static Tensor Blobs(params (int Row, int Col)[] positions)
    {
        var images = zeros(positions.Length, 1, 28, 28);
        for (var i = 0; i < positions.Length; i++)
        {
            var (row, col) = positions[i];
            images[i, 0, row..(row + 4), col..(col + 4)] = tensor(0.9f);
        }
        return images;
    }
}
