using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Learning;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>
/// Accepted coefficient versions written into an agent's state folder before it starts, so a test has an adapted
/// composition in force (served as <c>adapted-N</c>, not the base model) without depending on the acceptance criterion.
/// </summary>
internal static class SeededAdaptationState
{
    /// <summary>The adaptation store's folder for an agent whose <c>Agent:StateDirectory</c> is <paramref name="agentStateDirectory"/>.</summary>
    public static string StoreFolder(string agentStateDirectory) => Path.Combine(agentStateDirectory, "adaptation");

    /// <summary>
    /// Accepts one version per scale on <paramref name="bank"/> without the task vectors in <paramref name="exclude"/> (as
    /// the agent is configured): coefficient <c>scale</c> for every block of every task vector. Returns the stored version numbers.
    /// </summary>
    public static int[] Write(string agentStateDirectory, string bank, string[] exclude, params float[] scales)
    {
        using var composition = BankComposition.Open(bank, Granularity.Block, exclude);
        var store = new CoefficientStateStore(StoreFolder(agentStateDirectory));
        return scales.Select(scale =>
        {
            var zero = CoefficientSet.Zero(composition.Bank.Hash, composition.Composer);
            var values = zero.Values.Select(row => row.Select(_ => scale).ToArray()).ToArray();
            return store.Accept(zero with { Values = values }).Version;
        }).ToArray();
    }
}
