namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// What to fuzz: how to make an input from a seeded <see cref="Random"/>, how to run it, and which exceptions are the
/// clear refusal the code under test promises (anything else is a failure). Set exactly one of
/// <see cref="Run"/> (synchronous: its managed allocations are measured) and <see cref="RunAsync"/>.
/// </summary>
internal sealed class FuzzTarget<T>
{
    /// <summary>Names the target in reports, seeds and failure messages.</summary>
    public required string Name { get; init; }

    public required Func<Random, FuzzCase<T>> Generate { get; init; }

    /// <summary>Runs one input synchronously; returns when it was accepted, throws when it was refused.</summary>
    public Action<T>? Run { get; init; }

    /// <summary>Runs one input asynchronously (a live agent); returns when it was handled as promised.</summary>
    public Func<T, Task>? RunAsync { get; init; }

    /// <summary>True for the domain's clear refusal (e.g. a format exception naming what is wrong).</summary>
    public Func<Exception, bool> IsDomainError { get; init; } = _ => false;

    /// <summary>The input as bytes, saved next to a failure report for replay; null to save nothing.</summary>
    public Func<T, byte[]>? ToBytes { get; init; }

    /// <summary>An iteration running longer than this is a hang. Default 20 s (generous: CI machines are shared).</summary>
    public TimeSpan IterationTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Most managed bytes one synchronous iteration may allocate before it counts as unbounded. Default 256 MiB.</summary>
    public long MaxAllocatedBytes { get; init; } = 256L * 1024 * 1024;
}
