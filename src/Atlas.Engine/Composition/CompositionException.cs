namespace Atlas.Engine.Composition;

/// <summary>A composition that cannot be built or a coefficient file that does not match its bank or layout.</summary>
public sealed class CompositionException : Exception
{
    public CompositionException(string message) : base(message) { }

    public CompositionException(string message, Exception innerException) : base(message, innerException) { }
}
