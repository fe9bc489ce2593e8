namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>One generated input and the mutation family that made it (reported, and named on failure).</summary>
internal sealed record FuzzCase<T>(string Family, T Input);
