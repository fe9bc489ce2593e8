using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Learning;

/// <summary>
/// A view of a batch: a chain of random augmentations applied per sample, e.g. <c>crop+flip</c> (the paper's
/// few-shot augmentation) or <c>identity</c>. Parsed from a spec string so views are settings, not code.
/// </summary>
/// <remarks>
/// Steps: <c>identity</c>; <c>flip</c> (horizontal, p = 0.5); <c>crop</c> (random resized crop, area 0.5–1, aspect
/// 3/4–4/3, resized back to the input size); <c>noise:σ</c> (additive Gaussian, clamped to [0, 1]);
/// <c>jitter:s</c> (per-sample brightness and contrast jitter of strength s). All randomness comes from the generator
/// passed in, so a seeded run is reproducible. Inputs are <c>[N, C, H, W]</c> float tensors.
/// </remarks>
public sealed class AugmentationPipeline
{
    private readonly (string Name, float Parameter)[] _steps;

    private AugmentationPipeline(string spec, (string, float)[] steps)
    {
        Spec = spec;
        _steps = steps;
    }

    /// <summary>The pipeline's spec string.</summary>
    public string Spec { get; }

    /// <summary>True when the pipeline changes nothing.</summary>
    public bool IsIdentity => _steps.Length == 0;

    /// <summary>The identity view.</summary>
    public static AugmentationPipeline Identity { get; } = new("identity", []);

    /// <summary>Parses a spec such as <c>crop+flip</c>, <c>noise:0.1</c> or <c>identity</c>.</summary>
    public static AugmentationPipeline Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var steps = new List<(string, float)>();
        foreach (var part in spec.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2);
            var name = pieces[0].ToLowerInvariant();
            float parameter = name switch
            {
                "noise" => 0.05f,
                "jitter" => 0.2f,
                _ => 0f,
            };
            if (pieces.Length == 2 && !float.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out parameter))
                throw new FormatException($"Augmentation '{part}' in '{spec}': '{pieces[1]}' is not a number.");
            switch (name)
            {
                case "identity": break;
                case "flip" or "crop": steps.Add((name, parameter)); break;
                case "noise" or "jitter" when parameter is >= 0 and <= 1: steps.Add((name, parameter)); break;
                case "noise" or "jitter": throw new FormatException($"Augmentation '{part}' in '{spec}': the strength must lie in [0, 1].");
                default:
                    throw new FormatException($"Unknown augmentation '{part}' in '{spec}'. Known: identity, flip, crop, noise[:σ], jitter[:s].");
            }
        }
        return new AugmentationPipeline(spec, steps.ToArray());
    }

    /// <summary>Applies the pipeline; returns a new tensor (the input is not modified).</summary>
    public Tensor Apply(Tensor images, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4) throw new ArgumentException($"Augmentations need [N,C,H,W] images; got [{string.Join(",", images.shape)}].", nameof(images));
        var x = images.alias();
        foreach (var (name, parameter) in _steps)
        {
            x = name switch
            {
                "flip" => Flip(x, generator),
                "crop" => Crop(x, generator),
                "noise" => (x + torch.randn(x.shape, generator: generator, dtype: x.dtype) * parameter).clamp(0, 1),
                _ => Jitter(x, parameter, generator),
            };
        }
        return x;
    }

    private static Tensor Flip(Tensor x, Generator generator)
    {
        var flip = (torch.rand(x.shape[0], generator: generator) < 0.5).reshape(-1, 1, 1, 1);
        return torch.where(flip, x.flip(3), x);
    }

    /// <summary>Random resized crop through an affine sampling grid: one zoom and shift per sample.</summary>
    private static Tensor Crop(Tensor x, Generator generator)
    {
        long n = x.shape[0];
        var area = torch.rand(n, generator: generator) * 0.5 + 0.5;                       // 0.5 .. 1
        var logRatio = (torch.rand(n, generator: generator) * 2 - 1) * MathF.Log(4f / 3f); // aspect 3/4 .. 4/3
        var ratio = logRatio.exp();
        var sx = (area * ratio).sqrt().clamp_max(1);
        var sy = (area / ratio).sqrt().clamp_max(1);
        var tx = (torch.rand(n, generator: generator) * 2 - 1) * (1 - sx);
        var ty = (torch.rand(n, generator: generator) * 2 - 1) * (1 - sy);
        var zeros = torch.zeros(n);
        var theta = torch.stack([sx, zeros, tx, zeros, sy, ty], dim: 1).reshape(n, 2, 3).to_type(x.dtype);
        var grid = nn.functional.affine_grid(theta, [n, x.shape[1], x.shape[2], x.shape[3]], align_corners: false);
        return nn.functional.grid_sample(x, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Border, align_corners: false);
    }

    private static Tensor Jitter(Tensor x, float strength, Generator generator)
    {
        long n = x.shape[0];
        var brightness = ((torch.rand(n, generator: generator) * 2 - 1) * strength).reshape(-1, 1, 1, 1).to_type(x.dtype);
        var contrast = (1 + (torch.rand(n, generator: generator) * 2 - 1) * strength).reshape(-1, 1, 1, 1).to_type(x.dtype);
        var mean = x.mean([1, 2, 3], keepdim: true);
        return ((x - mean) * contrast + mean + brightness).clamp(0, 1);
    }
}
