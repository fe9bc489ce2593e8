namespace Atlas.Engine.Inference;

/// <summary>What the host is serving: the version, the input and output signature and how it runs.</summary>
/// <param name="Version">The <see cref="ServedModelSpec.Version"/> it was published with.</param>
/// <param name="Description">The spec's description, if any.</param>
/// <param name="CoefficientsReference">The spec's coefficients reference, if any.</param>
/// <param name="InputName">The model's (single) input.</param>
/// <param name="SampleShape">Shape of one sample without the batch dimension, e.g. [C,H,W].</param>
/// <param name="OutputNames">Every output; results carry the first.</param>
/// <param name="ClassCount">Values per sample in the first output (the logits).</param>
/// <param name="SupportsBatching">True when the batch dimension is dynamic, so requests are micro-batched.</param>
/// <param name="Providers">Execution providers actually enabled, in priority order (always ending with cpu).</param>
/// <param name="OverriddenInitializers">How many initializers the composition replaced.</param>
/// <param name="BuiltAt">When the session finished building and warming up.</param>
/// <param name="BuildDuration">Build plus warm-up time, spent off the serving path.</param>
public sealed record ServedModelInfo(
    string Version,
    string? Description,
    string? CoefficientsReference,
    string InputName,
    IReadOnlyList<long> SampleShape,
    IReadOnlyList<string> OutputNames,
    int ClassCount,
    bool SupportsBatching,
    IReadOnlyList<string> Providers,
    int OverriddenInitializers,
    DateTimeOffset BuiltAt,
    TimeSpan BuildDuration)
{
    /// <summary>Number of f32 values in one sample (the product of <see cref="SampleShape"/>).</summary>
    public int SampleLength => checked((int)SampleShape.Aggregate(1L, (a, d) => a * d));
}
