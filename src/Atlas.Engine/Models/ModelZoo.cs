namespace Atlas.Engine.Models;

/// <summary>Ready-made networks built with <see cref="CnnBuilder"/>, for samples, tests and benchmarks.</summary>
public static class ModelZoo
{
    /// <summary>Fashion-MNIST pixel mean and standard deviation (of values scaled to [0, 1]).</summary>
    public static readonly (float Mean, float Std) FashionMnistStatistics = (0.2860f, 0.3530f);

    /// <summary>
    /// A residual CNN for 1×28×28 images (about 0.29 M parameters): in-graph normalisation → conv1 3×3 (32) → GN → ReLU
    /// → MaxPool 2 → layer1 (residual block, 64) → MaxPool 2 → layer2 (residual block, 128, stride 2) → global
    /// average pool → Flatten → fc (<paramref name="classes"/>). Input <c>[batch, 1, 28, 28]</c>, output
    /// <c>[batch, classes]</c> logits.
    /// </summary>
    public static Onnx.OnnxModel SmallCnn(int classes = 10, int seed = 0, int width = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        if (width % 8 != 0) throw new ArgumentException($"width must be a multiple of 8 (GroupNorm uses 8 groups), got {width}.", nameof(width));
        return new CnnBuilder(1, 28, 28, seed, "small_cnn")
            .Normalize([FashionMnistStatistics.Mean], [FashionMnistStatistics.Std])
            .Conv("conv1", width, 3, padding: 1, bias: false)
            .GroupNorm("gn1", 8)
            .Relu()
            .MaxPool(2)
            .ResidualBlock("layer1", 2 * width)
            .MaxPool(2)
            .ResidualBlock("layer2", 4 * width, stride: 2)
            .GlobalAveragePool()
            .Flatten()
            .Linear("fc", classes)
            .Build();
    }
}
