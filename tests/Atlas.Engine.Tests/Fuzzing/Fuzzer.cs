using System.Diagnostics;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Runs a <see cref="FuzzTarget{T}"/> for a <see cref="FuzzBudget"/>: iteration <c>i</c> draws its input from a
/// <see cref="Random"/> seeded by (seed, i) alone, so any one iteration can be replayed on its own. An input may be
/// accepted or refused with the target's domain error; any other exception, a hang past the iteration timeout or a
/// managed allocation past the limit ends the run with a <see cref="FuzzFailureException"/> naming the target, seed,
/// iteration and mutation family, with the input saved to a file.
/// </summary>
internal static class Fuzzer
{
    /// <summary>Folder failing inputs are saved to: <c>ATLAS_FUZZ_ARTIFACTS</c>, or <c>atlas-fuzz</c> in the temp folder.</summary>
    public static string ArtifactFolder =>
        Environment.GetEnvironmentVariable("ATLAS_FUZZ_ARTIFACTS") is { Length: > 0 } folder ? folder : Path.Combine(Path.GetTempPath(), "atlas-fuzz");

    public static async Task<FuzzReport> RunAsync<T>(FuzzTarget<T> target, FuzzBudget budget, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(budget);
        if ((target.Run is null) == (target.RunAsync is null))
            throw new ArgumentException($"Fuzz target '{target.Name}' must set exactly one of Run and RunAsync.", nameof(target));
        var seed = budget.SeedFor(target.Name);
        var clock = Stopwatch.StartNew();
        int iterations = 0, accepted = 0, rejected = 0;
        var families = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = budget.OnlyIteration ?? 0; ; i++)
        {
            if (budget.OnlyIteration is { } only ? i > only : clock.Elapsed >= budget.Duration && iterations >= budget.MinIterations) break;
            var @case = target.Generate(new Random(IterationSeed(seed, i)));
            families[@case.Family] = families.GetValueOrDefault(@case.Family) + 1;
            var (error, allocated, hung) = await ExecuteAsync(target, @case.Input).ConfigureAwait(false);
            iterations++;
            string? failure = null;
            if (hung) failure = $"still running after {target.IterationTimeout.TotalSeconds:F0} s (a hang)";
            else if (error is not null && !target.IsDomainError(error)) failure = $"{error.GetType().Name}: {error.Message}";
            else if (allocated > target.MaxAllocatedBytes) failure = $"allocated {allocated} managed bytes; the limit is {target.MaxAllocatedBytes}";
            if (failure is not null) throw Failure(target, @case, seed, i, failure, error);
            if (error is null) accepted++;
            else rejected++;
        }
        var report = new FuzzReport(target.Name, seed, iterations, accepted, rejected, clock.Elapsed, families);
        log?.Invoke(report.ToString());
        return report;
    }

    /// <summary>The seed of one iteration (SplitMix64 of the run seed and the index): independent of every other iteration.</summary>
    public static int IterationSeed(int seed, int iteration)
    {
        var z = ((ulong)(uint)seed << 32) + (uint)iteration + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private static async Task<(Exception? Error, long Allocated, bool Hung)> ExecuteAsync<T>(FuzzTarget<T> target, T input)
    {
        long allocated = 0;
        var work = target.Run is { } run
            ? Task.Run(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    run(input);
                }
                finally
                {
                    // Measured on the way out of a refusal too: an allocation bomb that ends in an exception still counts.
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }
            })
            : target.RunAsync!(input);
        try
        {
            await work.WaitAsync(target.IterationTimeout).ConfigureAwait(false);
            return (null, allocated, false);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            return (null, 0, true);
        }
        catch (Exception e)
        {
            return (e, allocated, false);
        }
    }

    private static FuzzFailureException Failure<T>(FuzzTarget<T> target, FuzzCase<T> @case, int seed, int iteration, string what, Exception? error)
    {
        string saved = "";
        if (target.ToBytes is { } toBytes)
        {
            Directory.CreateDirectory(ArtifactFolder);
            var path = Path.Combine(ArtifactFolder, $"{Sanitize(target.Name)}-seed{seed}-it{iteration}.bin");
            File.WriteAllBytes(path, toBytes(@case.Input));
            saved = $" The input is saved in '{path}'.";
        }
        var message = $"Fuzz target '{target.Name}', seed {seed}, iteration {iteration}, family '{@case.Family}': {what}.{saved} " +
            $"Replay it alone with {FuzzBudget.SeedVariable}={seed} {FuzzBudget.IterationVariable}={iteration}.";
        return error is null ? new FuzzFailureException(message) : new FuzzFailureException(message, error);
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
