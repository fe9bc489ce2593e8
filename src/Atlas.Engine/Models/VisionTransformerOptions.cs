using System.Globalization;

namespace Atlas.Engine.Models;

/// <summary>
/// Size and seed of a ViT built by <see cref="VisionTransformerBuilder"/>. The defaults give a very small
/// network (16×16 RGB image, 4×4 patches, width 32, 2 blocks, 4 heads, 10 classes) that tests run in milliseconds.
/// </summary>
public sealed record VisionTransformerOptions
{
    /// <summary>Height and width of the (square) input image in pixels. Default 16.</summary>
    public int ImageSize { get; init; } = 16;

    /// <summary>Input channels. Default 3.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Side of a square patch; must divide <see cref="ImageSize"/>. Default 4.</summary>
    public int PatchSize { get; init; } = 4;

    /// <summary>Token width (hidden dimension); must be a multiple of <see cref="Heads"/>. Default 32.</summary>
    public int Dim { get; init; } = 32;

    /// <summary>Number of encoder blocks. Default 2.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads per block. Default 4.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of each block's MLP; 0 means 4 × <see cref="Dim"/>. Default 0.</summary>
    public int MlpDim { get; init; }

    /// <summary>Output classes of the head. Default 10.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Seed of the random initialisation; the same seed gives the same parameters. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Default-domain opset written into the model; LayerNormalization needs at least 17. Default 17.</summary>
    public long Opset { get; init; } = 17;

    /// <summary>The MLP width actually used.</summary>
    public int EffectiveMlpDim => MlpDim > 0 ? MlpDim : 4 * Dim;

    /// <summary>Patches per image side.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Tokens per image, class token included.</summary>
    public int SequenceLength => PatchesPerSide * PatchesPerSide + 1;

    /// <summary>Throws one <see cref="ArgumentException"/> that lists every invalid setting with its value.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        void Positive(string name, int value)
        {
            if (value <= 0) errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be positive (is {value})"));
        }
        Positive(nameof(ImageSize), ImageSize);
        Positive(nameof(Channels), Channels);
        Positive(nameof(PatchSize), PatchSize);
        Positive(nameof(Dim), Dim);
        Positive(nameof(Depth), Depth);
        Positive(nameof(Heads), Heads);
        Positive(nameof(Classes), Classes);
        if (MlpDim < 0) errors.Add(string.Create(CultureInfo.InvariantCulture, $"MlpDim must be 0 (default) or positive (is {MlpDim})"));
        if (PatchSize > 0 && ImageSize > 0 && ImageSize % PatchSize != 0)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"PatchSize {PatchSize} must divide ImageSize {ImageSize}"));
        if (Heads > 0 && Dim > 0 && Dim % Heads != 0)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Dim {Dim} must be a multiple of Heads {Heads}"));
        if (Opset is < 17 or > 21)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Opset must be 17–21 (LayerNormalization needs 17; is {Opset})"));
        if (errors.Count > 0)
            throw new ArgumentException("Invalid ViT options: " + string.Join("; ", errors) + ".");
    }
}
