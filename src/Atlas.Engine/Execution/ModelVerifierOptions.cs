using System.Globalization;

namespace Atlas.Engine.Execution;

/// <summary>Settings of <see cref="ModelVerifier"/>; the defaults are what <c>atlas model verify</c> uses.</summary>
public sealed class ModelVerifierOptions
{
    /// <summary>Batch size given to symbolic leading dimensions. Default 2.</summary>
    public int Batch { get; init; } = 2;

    /// <summary>
    /// Largest accepted output difference, relative to the largest |ONNX Runtime output| (at least 1), fp32. Default 1e-4.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>
    /// Dimensions after the batch for inputs whose non-batch dimensions are symbolic (e.g. [1, 28, 28]); null uses the
    /// model's own fixed sizes. Fixed dimensions of the model must agree with it.
    /// </summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>Seed of the input values, the output weights and the choice of initializers and elements. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>How many float initializers get a gradient check (the largest, then seeded random ones). Default 4.</summary>
    public int GradientInitializers { get; init; } = 4;

    /// <summary>Elements perturbed per checked initializer. Default 3.</summary>
    public int ElementsPerInitializer { get; init; } = 3;

    /// <summary>Central-difference step, applied in float64. Default 1e-6.</summary>
    public double FiniteDifferenceStep { get; init; } = 1e-6;

    /// <summary>
    /// Accepted gradient error: |autograd − finite difference| ≤ tolerance · max(|finite difference|, |autograd|, 1e-3),
    /// in float64. Default 1e-4.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-4;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting with its value.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        var c = CultureInfo.InvariantCulture;
        if (Batch < 1) errors.Add(string.Create(c, $"Batch must be at least 1 (is {Batch})"));
        if (!(Tolerance > 0)) errors.Add(string.Create(c, $"Tolerance must be positive (is {Tolerance})"));
        if (Shape is not null && Shape.Any(d => d < 1)) errors.Add($"Shape dimensions must be positive (are [{string.Join(",", Shape)}])");
        if (GradientInitializers < 0) errors.Add(string.Create(c, $"GradientInitializers must not be negative (is {GradientInitializers})"));
        if (ElementsPerInitializer < 1) errors.Add(string.Create(c, $"ElementsPerInitializer must be at least 1 (is {ElementsPerInitializer})"));
        if (!(FiniteDifferenceStep > 0)) errors.Add(string.Create(c, $"FiniteDifferenceStep must be positive (is {FiniteDifferenceStep})"));
        if (!(GradientTolerance > 0)) errors.Add(string.Create(c, $"GradientTolerance must be positive (is {GradientTolerance})"));
        if (errors.Count > 0) throw new ArgumentException("Invalid ModelVerifierOptions: " + string.Join("; ", errors) + ".");
    }
}
