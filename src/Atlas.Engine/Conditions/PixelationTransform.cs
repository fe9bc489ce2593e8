using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// <c>pixelation</c>: a low-resolution sensor or aggressive downscaling; the image is averaged over b×b blocks aligned
/// at the top-left corner and every block shows its average (b = 2 at severity 1 up to 6).
/// </summary>
internal sealed class PixelationTransform : ICameraTransform
{
    private static ReadOnlySpan<int> Block => [2, 3, 4, 5, 6];

    public string Name => "pixelation";

    public IReadOnlyList<string> Aliases { get; } = ["pixelate"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator)
    {
        var block = Severity.Pick(severity, Block);
        var (h, w) = (images.shape[2], images.shape[3]);
        var (padH, padW) = ((block - (h % block)) % block, (block - (w % block)) % block);
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(images, [0, padW, 0, padH], PaddingModes.Replicate);
        var pooled = nn.functional.avg_pool2d(padded, [block, block], [block, block]);
        var expanded = pooled.repeat_interleave(block, dim: 2).repeat_interleave(block, dim: 3);
        return expanded[.., .., ..(int)h, ..(int)w].contiguous().MoveToOuterDisposeScope();
    }
}
