using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary>
/// One camera condition. Implementations are pure functions of the images, the severity and the random numbers they
/// draw from the generator they are given; they never modify their input and may return values outside [0, 1]
/// (the caller clamps).
/// </summary>
internal interface ICameraTransform
{
    /// <summary>The canonical name used in condition specs.</summary>
    string Name { get; }

    /// <summary>Other names accepted in specs (e.g. <c>noise</c> for <c>gaussian-noise</c>).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>Whether the output depends on the seed (false for deterministic ones such as JPEG or pixelation).</summary>
    bool IsRandom { get; }

    /// <param name="images">Float32 [N, C, H, W] in [0, 1].</param>
    /// <param name="severity">1 (mild) to 5 (strong).</param>
    /// <param name="generator">The only source of randomness.</param>
    Tensor Apply(Tensor images, int severity, Generator generator);
}
