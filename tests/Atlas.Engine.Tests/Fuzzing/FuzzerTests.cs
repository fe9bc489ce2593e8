namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>The harness itself: it reports crashes, hangs and allocation bombs with a seed and iteration that replay.</summary>
public sealed class FuzzerTests
{
    private static readonly FuzzBudget Short = new(TimeSpan.FromSeconds(5), MinIterations: 0, BaseSeed: 42, OnlyIteration: null);

    [Fact]
    public async Task NonDomainException_FailsNamingSeedIterationAndFamily_AndTheIterationReplaysTheSameInput()
    {
        var target = new FuzzTarget<int>
        {
            Name = "harness-crash",
            Generate = random => new FuzzCase<int>("numbers", random.Next(100)),
            Run = n =>
            {
                if (n == 7) throw new InvalidOperationException("seven");
                if (n % 2 == 0) throw new FormatException("even");
            },
            IsDomainError = e => e is FormatException,
            ToBytes = n => [(byte)n],
        };

        var failure = await Assert.ThrowsAsync<FuzzFailureException>(() => Fuzzer.RunAsync(target, Short));

        Assert.IsType<InvalidOperationException>(failure.InnerException);
        var iteration = int.Parse(System.Text.RegularExpressions.Regex.Match(failure.Message, @"iteration (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("seed 42", failure.Message, StringComparison.Ordinal);
        Assert.Contains("family 'numbers'", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"ATLAS_FUZZ_SEED=42 ATLAS_FUZZ_ITERATION={iteration}", failure.Message, StringComparison.Ordinal);
        var replayed = await Assert.ThrowsAsync<FuzzFailureException>(() => Fuzzer.RunAsync(target, Short with { OnlyIteration = iteration }));
        Assert.Equal(failure.Message, replayed.Message);
        Assert.Equal(7, new Random(Fuzzer.IterationSeed(42, iteration)).Next(100));
    }

    [Fact]
    public async Task DomainErrorsAndSuccesses_AreCountedAndTheRunStopsAtItsBudget()
    {
        var target = new FuzzTarget<int>
        {
            Name = "harness-count",
            Generate = random => new FuzzCase<int>(random.Next(2) == 0 ? "a" : "b", random.Next(100)),
            Run = n => { if (n < 50) throw new FormatException("small"); },
            IsDomainError = e => e is FormatException,
        };

        var report = await Fuzzer.RunAsync(target, new FuzzBudget(TimeSpan.Zero, MinIterations: 200, BaseSeed: 1, OnlyIteration: null));

        Assert.Equal(200, report.Iterations);
        Assert.Equal(200, report.Accepted + report.Rejected);
        Assert.InRange(report.Rejected, 60, 140); // about half of 200 draws are below 50
        Assert.Equal(200, report.Families.Values.Sum());
    }

    [Fact]
    public async Task IterationPastItsTimeout_FailsAsAHang()
    {
        var release = new TaskCompletionSource();
        var target = new FuzzTarget<int>
        {
            Name = "harness-hang",
            Generate = _ => new FuzzCase<int>("slow", 0),
            Run = _ => release.Task.Wait(TimeSpan.FromSeconds(10)),
            IterationTimeout = TimeSpan.FromMilliseconds(200),
        };

        var failure = await Assert.ThrowsAsync<FuzzFailureException>(() => Fuzzer.RunAsync(target, Short));
        release.SetResult();

        Assert.Contains("(a hang)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllocationPastTheLimit_FailsEvenWhenTheInputIsRefused()
    {
        var target = new FuzzTarget<int>
        {
            Name = "harness-allocation",
            Generate = _ => new FuzzCase<int>("bomb", 0),
            Run = _ =>
            {
                GC.KeepAlive(new byte[8 * 1024 * 1024]);
                throw new FormatException("refused, but only after allocating 8 MiB");
            },
            IsDomainError = e => e is FormatException,
            MaxAllocatedBytes = 1024 * 1024,
        };

        var failure = await Assert.ThrowsAsync<FuzzFailureException>(() => Fuzzer.RunAsync(target, Short));

        Assert.Contains("managed bytes; the limit is 1048576", failure.Message, StringComparison.Ordinal);
    }
}
