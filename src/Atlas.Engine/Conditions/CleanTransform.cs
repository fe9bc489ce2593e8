using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Conditions;

/// <summary><c>clean</c>: the identity, so "no condition" is a condition like any other (baselines, experts' controls).</summary>
internal sealed class CleanTransform : ICameraTransform
{
    public string Name => "clean";

    public IReadOnlyList<string> Aliases { get; } = ["none", "identity"];

    public bool IsRandom => false;

    public Tensor Apply(Tensor images, int severity, Generator generator) => images.clone();
}
