using Atlas.Engine.Conditions;

namespace Atlas.Engine.Samples;

/// <summary>One camera condition of the sample: the expert's task-vector name and the condition it was trained under.</summary>
/// <param name="Name">Task-vector name in the bank (e.g. <c>fog</c>).</param>
/// <param name="Spec">Condition spec with severity (e.g. <c>fog:5</c>), parsed by <see cref="ConditionSpec"/>.</param>
public sealed record SampleCondition(string Name, string Spec)
{
    /// <summary>The parsed condition.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ConditionSpec Condition => ConditionSpec.Parse(Spec);
}
