using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Execution.Kernels;

/// <summary>
/// Reads and writes the small int64 tensors that carry shapes, axes and indices, and normalises axes, for the
/// shape-manipulation kernels.
/// </summary>
internal static class ShapeValues
{
    /// <summary>The values of an integer tensor of any rank, flattened, as int64.</summary>
    public static long[] ToLongs(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var flat = t.to(ScalarType.Int64).cpu().reshape(-1);
        return flat.data<long>().ToArray();
    }

    /// <summary>The values of an integer tensor, or null when the optional input is omitted.</summary>
    public static long[]? ToLongsOrNull(Tensor? t) => t is null ? null : ToLongs(t);

    /// <summary>A 1-D int64 tensor on <paramref name="device"/>.</summary>
    public static Tensor FromLongs(long[] values, Device device) => torch.tensor(values, ScalarType.Int64, device);

    /// <summary>Maps a possibly negative axis into [0, rank), failing with the node's name when it is out of range.</summary>
    public static int Axis(NodeInfo node, long axis, long rank)
    {
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
            throw node.Malformed($"axis {axis} is outside [{-rank}, {rank - 1}] for rank {rank}");
        return (int)normalized;
    }

    /// <summary>Normalises a list of axes and rejects duplicates.</summary>
    public static int[] Axes(NodeInfo node, long[] axes, long rank)
    {
        var result = axes.Select(a => Axis(node, a, rank)).ToArray();
        if (result.Distinct().Count() != result.Length)
            throw node.Malformed($"axes [{string.Join(",", axes)}] repeat an axis");
        return result;
    }

    public static string Text(long[] shape) => "[" + string.Join(",", shape) + "]";
}
