namespace Atlas.Engine.Composition;

/// <summary>
/// Learned coefficients with the manifest they belong to: the bank they were learned on, the granularity, the task
/// vectors (rows) and the coefficient groups (columns). Values are <c>Values[taskVector][group]</c>.
/// </summary>
public sealed record CoefficientSet(
    string BankHash,
    Granularity Granularity,
    IReadOnlyList<string> TaskVectors,
    IReadOnlyList<string> Groups,
    float[][] Values)
{
    /// <summary>All-zero coefficients (the base model) for a composer.</summary>
    public static CoefficientSet Zero(string bankHash, TaskVectorComposer composer)
    {
        ArgumentNullException.ThrowIfNull(composer);
        return new CoefficientSet(bankHash, composer.Layout.Granularity, composer.TaskVectorNames,
            composer.Layout.Groups.Select(g => g.Name).ToArray(),
            composer.TaskVectorNames.Select(_ => new float[composer.Layout.Groups.Count]).ToArray());
    }

    /// <summary>Copies the values of a <c>[T, G]</c> tensor into a set with the composer's manifest.</summary>
    public static CoefficientSet FromTensor(string bankHash, TaskVectorComposer composer, TorchSharp.torch.Tensor coefficients)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(coefficients);
        var flat = coefficients.detach().cpu().contiguous().data<float>().ToArray();
        int groups = composer.Layout.Groups.Count;
        var values = Enumerable.Range(0, composer.TaskVectorNames.Count).Select(i => flat.AsSpan(i * groups, groups).ToArray()).ToArray();
        return new CoefficientSet(bankHash, composer.Layout.Granularity, composer.TaskVectorNames,
            composer.Layout.Groups.Select(g => g.Name).ToArray(), values);
    }

    /// <summary>
    /// Checks that this set was made for <paramref name="bankHash"/> and exactly the composer's task vectors, granularity
    /// and groups, and returns the values reordered to the composer's task-vector order. Every mismatch is listed.
    /// </summary>
    public float[][] AlignTo(string bankHash, TaskVectorComposer composer)
    {
        ArgumentNullException.ThrowIfNull(composer);
        var problems = new List<string>();
        if (!string.Equals(BankHash, bankHash, StringComparison.Ordinal))
            problems.Add($"it was learned on bank {BankHash}, but the bank in use is {bankHash}");
        if (Granularity != composer.Layout.Granularity)
            problems.Add($"its granularity is {Granularity}, the composition's is {composer.Layout.Granularity}");
        var missing = composer.TaskVectorNames.Except(TaskVectors, StringComparer.Ordinal).ToArray();
        var extra = TaskVectors.Except(composer.TaskVectorNames, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0) problems.Add($"it lacks task vectors {string.Join(", ", missing)}");
        if (extra.Length > 0) problems.Add($"it has task vectors the composition lacks: {string.Join(", ", extra)}");
        var expectedGroups = composer.Layout.Groups.Select(g => g.Name).ToArray();
        if (!expectedGroups.SequenceEqual(Groups, StringComparer.Ordinal))
        {
            var lacking = expectedGroups.Except(Groups, StringComparer.Ordinal).Take(5).ToArray();
            var surplus = Groups.Except(expectedGroups, StringComparer.Ordinal).Take(5).ToArray();
            problems.Add($"its blocks differ from the composition's (missing: {string.Join(", ", lacking)}; unexpected: {string.Join(", ", surplus)}; " +
                         $"{Groups.Count} vs {expectedGroups.Length} groups)");
        }
        if (problems.Count > 0)
            throw new CompositionException("The coefficients do not match the composition: " + string.Join("; ", problems) + ".");
        var rowOf = TaskVectors.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return composer.TaskVectorNames.Select(name => Values[rowOf[name]]).ToArray();
    }
}
