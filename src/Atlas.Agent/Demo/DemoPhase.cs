namespace Atlas.Agent.Demo;

/// <summary>One stretch of the simulated camera's stream under one condition.</summary>
/// <param name="Name">Short name shown in the view and the summary, e.g. <c>fog</c>.</param>
/// <param name="Condition">The camera condition spec applied to every frame, e.g. <c>fog:5</c> (see docs/data-and-conditions.md).</param>
internal sealed record DemoPhase(string Name, string Condition);
