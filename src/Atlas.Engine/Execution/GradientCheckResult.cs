namespace Atlas.Engine.Execution;

/// <summary>One element of one initializer compared by <see cref="ModelVerifier"/>: autograd against central differences.</summary>
/// <param name="Initializer">Initializer name.</param>
/// <param name="Index">Flat element index.</param>
/// <param name="Autograd">∂f/∂θ[index] from the executor's backward pass (float64).</param>
/// <param name="FiniteDifference">(f(θ + h) − f(θ − h)) / 2h (float64).</param>
/// <param name="Error">|Autograd − FiniteDifference| / max(|FiniteDifference|, |Autograd|, 1e-3).</param>
/// <param name="Passed">Error within the gradient tolerance.</param>
public sealed record GradientCheckResult(string Initializer, long Index, double Autograd, double FiniteDifference, double Error, bool Passed);
