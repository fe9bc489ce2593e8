using System.Globalization;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// How long and from which seed a fuzz target runs, read from the environment so that CI stays short and a longer
/// session or a replay needs no code change:
/// <list type="bullet">
/// <item><c>ATLAS_FUZZ_SECONDS</c>: seconds per target (default: the target's own, a few seconds).</item>
/// <item><c>ATLAS_FUZZ_SEED</c>: the base seed (an integer; <c>random</c> draws a new one, printed in the output).
/// Default: a fixed seed per target, so CI runs are reproducible.</item>
/// <item><c>ATLAS_FUZZ_ITERATION</c>: run only this iteration of the seed (the replay of a reported failure).</item>
/// </list>
/// </summary>
internal sealed record FuzzBudget(TimeSpan Duration, int MinIterations, int? BaseSeed, int? OnlyIteration)
{
    public const string SecondsVariable = "ATLAS_FUZZ_SECONDS";
    public const string SeedVariable = "ATLAS_FUZZ_SEED";
    public const string IterationVariable = "ATLAS_FUZZ_ITERATION";

    /// <summary>The budget for one target: <paramref name="defaultSeconds"/> unless the environment says otherwise.</summary>
    /// <param name="defaultSeconds">Seconds this target runs in CI.</param>
    /// <param name="minIterations">Iterations run even when the time is up (a slow, loaded machine still tests something).</param>
    public static FuzzBudget FromEnvironment(double defaultSeconds, int minIterations)
    {
        var seconds = ReadDouble(SecondsVariable) ?? defaultSeconds;
        int? seed = Environment.GetEnvironmentVariable(SeedVariable) switch
        {
            null or "" => null,
            "random" => Random.Shared.Next(),
            var text => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        };
        int? iteration = Environment.GetEnvironmentVariable(IterationVariable) is { Length: > 0 } it
            ? int.Parse(it, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
        return new FuzzBudget(TimeSpan.FromSeconds(seconds), minIterations, seed, iteration);
    }

    /// <summary>The seed a target uses: the environment's, or one derived from the target name (stable across runs and machines).</summary>
    public int SeedFor(string target)
    {
        if (BaseSeed is { } seed) return seed;
        // FNV-1a: string.GetHashCode is randomised per process and would make CI runs irreproducible.
        var hash = 2166136261u;
        foreach (var c in target) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static double? ReadDouble(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
