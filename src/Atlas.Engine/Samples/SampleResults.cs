namespace Atlas.Engine.Samples;

/// <summary>
/// Accuracies of a sample measured on one dataset: the base on clean images and under every condition, and each expert
/// (base + its task vector from the bank) under its own condition. Conditions use <see cref="Seed"/>.
/// </summary>
/// <param name="DataSpec">The data evaluated (e.g. <c>fashion-mnist:test</c>).</param>
/// <param name="ImageCount">Images evaluated.</param>
/// <param name="Seed">Seed of the conditions.</param>
/// <param name="BaseClean">Top-1 accuracy of the base on clean images.</param>
/// <param name="Rows">One row per condition, in bank order.</param>
public sealed record SampleResults(string DataSpec, int ImageCount, long Seed, double BaseClean, IReadOnlyList<SampleResultRow> Rows);

/// <summary>One condition's accuracies.</summary>
/// <param name="Name">The expert's task-vector name.</param>
/// <param name="Condition">The condition spec.</param>
/// <param name="Base">Top-1 accuracy of the base under the condition.</param>
/// <param name="Expert">Top-1 accuracy of base + τ (the expert) under the same condition.</param>
public sealed record SampleResultRow(string Name, string Condition, double Base, double Expert);
