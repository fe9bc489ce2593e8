using Atlas.Engine.Composition;

namespace Atlas.Engine.Adaptation;

/// <summary>An accepted version read back from the state directory.</summary>
/// <param name="Version">Its index entry.</param>
/// <param name="Coefficients">The coefficients, ready for <see cref="BankCoefficients"/> composition.</param>
/// <param name="Skipped">Newer versions for the same bank that could not be read and were passed over, each with why.</param>
public sealed record StoredCoefficients(AcceptedVersion Version, CoefficientSet Coefficients, IReadOnlyList<string> Skipped);
