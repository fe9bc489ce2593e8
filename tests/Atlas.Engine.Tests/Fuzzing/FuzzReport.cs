namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>What a fuzz run did: iterations, how many inputs were accepted and how many refused with a domain error.</summary>
internal sealed record FuzzReport(string Target, int Seed, int Iterations, int Accepted, int Rejected, TimeSpan Elapsed,
    IReadOnlyDictionary<string, int> Families)
{
    public override string ToString() =>
        $"fuzz '{Target}' seed {Seed}: {Iterations} iterations in {Elapsed.TotalSeconds:F1} s, {Accepted} accepted, {Rejected} refused " +
        $"(families: {string.Join(", ", Families.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))})";
}
