namespace Atlas.Agent.Demo;

/// <summary>What a demo run measured: the per-phase scores, the adaptation rounds' outcomes and the wall time.</summary>
/// <param name="Phases">One result per phase, in order.</param>
/// <param name="Accepted">Rounds the agent accepted (and served).</param>
/// <param name="Rejected">Rounds it rejected.</param>
/// <param name="Elapsed">Wall time from the agent's start to the end of scoring.</param>
internal sealed record DemoReport(IReadOnlyList<PhaseResult> Phases, int Accepted, int Rejected, TimeSpan Elapsed);
