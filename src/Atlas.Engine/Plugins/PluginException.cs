namespace Atlas.Engine.Plugins;

/// <summary>
/// The one exception type of the plugin domain: loading, resolving and running objectives. <see cref="Kind"/> says
/// what went wrong; the message names the plugin or objective and the values involved.
/// </summary>
public sealed class PluginException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginException(PluginErrorKind kind, string message, string? objectiveName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ObjectiveName = objectiveName;
    }

    /// <summary>Creates a <see cref="PluginErrorKind.LoadFailed"/> exception (for serializers and tools).</summary>
    public PluginException() : this(PluginErrorKind.LoadFailed, "A plugin failed.") { }

    /// <summary>Creates a <see cref="PluginErrorKind.LoadFailed"/> exception.</summary>
    public PluginException(string message) : this(PluginErrorKind.LoadFailed, message) { }

    /// <summary>Creates a <see cref="PluginErrorKind.LoadFailed"/> exception with its cause.</summary>
    public PluginException(string message, Exception innerException) : this(PluginErrorKind.LoadFailed, message, null, innerException) { }

    /// <summary>What went wrong.</summary>
    public PluginErrorKind Kind { get; }

    /// <summary>The objective involved, when there is one.</summary>
    public string? ObjectiveName { get; }
}
