namespace Atlas.Engine.Plugins;

/// <summary>What went wrong with a plugin, so callers can react by kind rather than by parsing messages.</summary>
public enum PluginErrorKind
{
    /// <summary><see cref="PluginOptions"/> are invalid.</summary>
    InvalidOptions,

    /// <summary>A plugin assembly or one of its objectives could not be loaded or constructed.</summary>
    LoadFailed,

    /// <summary>A plugin was built against a contract version this host does not support.</summary>
    IncompatibleContract,

    /// <summary>No loaded objective has the requested name.</summary>
    UnknownObjective,

    /// <summary>The objective threw from one of its hooks (configure, epoch start, loss).</summary>
    ObjectiveThrew,

    /// <summary>The objective returned a loss that is NaN or infinite.</summary>
    NonFiniteLoss,

    /// <summary>The objective returned something other than a scalar loss.</summary>
    InvalidLoss,

    /// <summary>A step took longer than <see cref="PluginOptions.StepTimeout"/>.</summary>
    StepTimedOut,

    /// <summary>The objective was disabled by an earlier failure in this run and is not called again.</summary>
    Disabled,
}
