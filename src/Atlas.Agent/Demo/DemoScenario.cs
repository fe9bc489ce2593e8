using Atlas.Engine.Conditions;
using Atlas.Engine.Data;

namespace Atlas.Agent.Demo;

/// <summary>
/// The demo's story: a camera that starts clean, then fogs over, then goes dark and noisy, then loses contrast, each
/// condition one the base model handles badly (docs/results.md) and the bank holds a task vector for.
/// </summary>
internal static class DemoScenario
{
    /// <summary>clean → fog:5 → dark:5+gaussian-noise:4 → low-contrast:5.</summary>
    public static IReadOnlyList<DemoPhase> Default { get; } =
    [
        new("clean", "clean"),
        new("fog", "fog:5"),
        new("dark-noise", "dark:5+gaussian-noise:4"),
        new("low-contrast", "low-contrast:5"),
    ];

    /// <summary>
    /// The frames of one phase: <paramref name="count"/> images of <paramref name="images"/> in a seeded random order
    /// (cycling when the phase is longer than the set), under the phase's condition.
    /// </summary>
    public static ImageDataset Frames(ImageDataset images, DemoPhase phase, int phaseIndex, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(phase);
        var random = new Random(unchecked((seed * 7919) + phaseIndex));
        var order = new List<int>(count);
        while (order.Count < count)
        {
            var pass = Enumerable.Range(0, images.Count).ToArray();
            random.Shuffle(pass);
            order.AddRange(pass.Take(count - order.Count));
        }
        return ConditionSpec.Parse(phase.Condition).Apply(images.Subset(order), seed + (1_000 * phaseIndex));
    }
}
