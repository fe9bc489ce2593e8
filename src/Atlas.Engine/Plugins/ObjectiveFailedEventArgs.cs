namespace Atlas.Engine.Plugins;

/// <summary>Raised by <see cref="GuardedObjective.Failed"/> when an objective is disabled for the run.</summary>
public sealed class ObjectiveFailedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public ObjectiveFailedEventArgs(PluginException error, long step)
    {
        Error = error;
        Step = step;
    }

    /// <summary>The failure, with its <see cref="PluginException.Kind"/> and the objective's name.</summary>
    public PluginException Error { get; }

    /// <summary>The step at which it failed, or -1 outside a step (configure, epoch start).</summary>
    public long Step { get; }
}
