using Microsoft.Extensions.Logging;

namespace Atlas.Engine.Plugins;

/// <summary>The plugin component's log events; ids 7000–7099 are stable.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Loaded objective {Name} {Version} from {SourcePath}")]
    public static partial void ObjectiveLoaded(ILogger logger, string name, Version version, string sourcePath);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Plugin {SourcePath} not loaded ({Kind}): {Reason}")]
    public static partial void PluginRejected(ILogger logger, string sourcePath, PluginErrorKind kind, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Plugin directory {Directory} does not exist; skipped")]
    public static partial void DirectoryMissing(ILogger logger, string directory);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Objective {Name} disabled for this run at step {Step} ({Kind}): {Reason}")]
    public static partial void ObjectiveDisabled(ILogger logger, string name, long step, PluginErrorKind kind, string reason, Exception? exception);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Objective {Name} failed to report {Member}; ignored")]
    public static partial void ObjectiveMemberFailed(ILogger logger, string name, string member, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "Searching plugin directory {Directory}")]
    public static partial void SearchingDirectory(ILogger logger, string directory);
}
