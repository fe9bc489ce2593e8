using TorchSharp;

namespace Atlas.Engine.Execution;

/// <summary>Settings of a <see cref="GraphExecutor"/>; defaults suit CPU inference and coefficient learning in fp32.</summary>
public sealed class GraphExecutorOptions
{
    /// <summary>Device that initializers live on and nodes run on. Default: <c>cpu</c>.</summary>
    public torch.Device Device { get; init; } = torch.CPU;

    /// <summary>
    /// Element type floating-point initializers are converted to, and floating-point inputs are cast to: Float32
    /// (default) or Float64 (for gradient checks against finite differences). Other types are rejected.
    /// </summary>
    public torch.ScalarType FloatType { get; init; } = torch.ScalarType.Float32;

    /// <summary>
    /// Seed of the generator that Dropout nodes draw their masks from when the graph runs in training mode. Null
    /// (default) makes Dropout an identity in every mode, so a training run is deterministic; see docs/engine.md.
    /// </summary>
    public long? DropoutSeed { get; init; }

    /// <summary>
    /// Replace known exporter lowerings by fused kernels that compute the same values faster (today: GroupNorm as
    /// Reshape → InstanceNormalization → Reshape → Mul → Add becomes one group_norm). Default true; turn off to
    /// run every node exactly as written, e.g. to compare.
    /// </summary>
    public bool FuseKnownPatterns { get; init; } = true;

    /// <summary>Throws naming every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (FloatType is not (torch.ScalarType.Float32 or torch.ScalarType.Float64))
            errors.Add($"FloatType is {FloatType}; it must be Float32 or Float64.");
        if (Device is null) errors.Add("Device is null.");
        if (errors.Count > 0) throw new ArgumentException("Invalid GraphExecutorOptions: " + string.Join(" ", errors));
    }
}
