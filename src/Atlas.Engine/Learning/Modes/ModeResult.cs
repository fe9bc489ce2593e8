using Atlas.Engine.Composition;

namespace Atlas.Engine.Learning.Modes;

/// <summary>The outcome of a learning mode.</summary>
/// <param name="Method">What was fitted.</param>
/// <param name="Coefficients">The learned coefficients (aTLAS and task arithmetic); null for norm-affine.</param>
/// <param name="Weights">The weights to serve: the composed blocks, or the adapted normalisation parameters.</param>
/// <param name="Learning">The optimisation run, or null for a grid search.</param>
/// <param name="Note">One line about how it went (chosen λ, stop reason...).</param>
public sealed record ModeResult(
    LearningMethod Method,
    CoefficientSet? Coefficients,
    IReadOnlyDictionary<string, float[]> Weights,
    LearningResult? Learning,
    string Note);
