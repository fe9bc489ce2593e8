namespace Atlas.Engine.Execution;

/// <summary>What <see cref="ModelVerifier"/> measured, and whether the executor passed.</summary>
/// <param name="InputShapes">The shape each graph input was fed with, by name.</param>
/// <param name="MaxAbsoluteDifference">Largest |executor − ONNX Runtime| over all output elements (fp32).</param>
/// <param name="MaxRelativeDifference">Largest per-output |executor − ONNX Runtime| divided by max(1, max |ONNX Runtime output|).</param>
/// <param name="Tolerance">The relative tolerance the output comparison used.</param>
/// <param name="Gradients">Every element checked, in check order.</param>
/// <param name="GradientTolerance">The tolerance the gradient checks used.</param>
public sealed record ModelVerificationReport(
    IReadOnlyDictionary<string, long[]> InputShapes,
    double MaxAbsoluteDifference,
    double MaxRelativeDifference,
    double Tolerance,
    IReadOnlyList<GradientCheckResult> Gradients,
    double GradientTolerance)
{
    /// <summary>True when the outputs agree within <see cref="Tolerance"/>.</summary>
    public bool OutputsPassed => MaxRelativeDifference <= Tolerance;

    /// <summary>True when every gradient check passed (vacuously true when the model has no float initializer).</summary>
    public bool GradientsPassed => Gradients.All(g => g.Passed);

    /// <summary>The largest gradient error seen, or 0 when none was checked.</summary>
    public double MaxGradientError => Gradients.Count == 0 ? 0 : Gradients.Max(g => g.Error);

    /// <summary>Overall verdict.</summary>
    public bool Passed => OutputsPassed && GradientsPassed;
}
