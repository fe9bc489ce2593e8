namespace Atlas.Agent.Adaptation.Status;

/// <summary>
/// The composition being served, as an operator sees it: one coefficient per (task vector, block), labelled by name,
/// with the served model version. Immutable; published as JSON on <c>adaptation/coefficients</c> and by the web page.
/// </summary>
/// <param name="ModelVersion">The served model version (<c>base-…</c> or <c>adapted-N</c>).</param>
/// <param name="StoredVersion">The stored coefficient version it came from (0: the base model, λ = 0).</param>
/// <param name="Cause">Why it is served: <c>accepted</c>, <c>resumed</c>, <c>reset</c>, <c>rollback</c>.</param>
/// <param name="TaskVectors">Row labels, the bank's task-vector names.</param>
/// <param name="Blocks">Column labels, the parameter blocks (coefficient groups).</param>
/// <param name="Values">The coefficients, <c>Values[taskVector][block]</c>; all zero for the base model.</param>
/// <param name="At">When the swap happened.</param>
public sealed record CoefficientSnapshot(
    string ModelVersion,
    int StoredVersion,
    string Cause,
    IReadOnlyList<string> TaskVectors,
    IReadOnlyList<string> Blocks,
    IReadOnlyList<IReadOnlyList<float>> Values,
    DateTimeOffset At);
