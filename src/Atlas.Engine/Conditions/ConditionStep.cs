namespace Atlas.Engine.Conditions;

/// <summary>One transform of a <see cref="ConditionSpec"/> with its severity, e.g. <c>dark:4</c>.</summary>
public sealed class ConditionStep
{
    internal ConditionStep(ICameraTransform transform, int severity)
    {
        Transform = transform;
        Severity = severity;
    }

    /// <summary>The canonical transform name (aliases such as <c>noise</c> are resolved to <c>gaussian-noise</c>).</summary>
    public string Name => Transform.Name;

    /// <summary>1 (mild) to 5 (strong).</summary>
    public int Severity { get; }

    /// <summary>Whether the output depends on the seed.</summary>
    public bool IsRandom => Transform.IsRandom;

    internal ICameraTransform Transform { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}:{Severity}";
}
