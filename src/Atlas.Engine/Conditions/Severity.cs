namespace Atlas.Engine.Conditions;

/// <summary>Looks up a transform parameter for a severity from 1 to 5.</summary>
internal static class Severity
{
    public const int Min = 1;
    public const int Max = 5;
    public const int Default = 3;

    public static double Pick(int severity, ReadOnlySpan<double> levels) => levels[severity - 1];

    public static int Pick(int severity, ReadOnlySpan<int> levels) => levels[severity - 1];
}
