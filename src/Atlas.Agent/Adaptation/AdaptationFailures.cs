using Atlas.Agent.Telemetry;
using Atlas.Engine.Adaptation;
using Atlas.Engine.Plugins;
using Microsoft.Extensions.Logging;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// Reports why an adaptation command failed, the same way for every fault: one log entry and one event whose fields
/// say what failed and where (the state folder and the operating system's error, the objective plugin and how it
/// failed, or the model/bank file that did not validate). The served model is never changed by a failed command.
/// </summary>
internal static partial class AdaptationFailures
{
    /// <summary>
    /// Logs and publishes <paramref name="error"/> (from <paramref name="command"/>) as event <paramref name="eventType"/>
    /// through <paramref name="events"/> and <paramref name="logger"/>, starting from the fields in <paramref name="context"/>
    /// (e.g. a round's trigger and number); returns the event's fields.
    /// </summary>
    public static Dictionary<string, object?> Report(EventPublisher events, ILogger logger, string command, string eventType, Exception error,
        IReadOnlyDictionary<string, object?>? context = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(error);
        var details = new Dictionary<string, object?>(context ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
        {
            ["command"] = command,
            ["reason"] = error.Message,
        };
        switch (error)
        {
            case AdaptationStateException state:
                details["path"] = state.Path;
                details["error"] = state.InnerException?.Message;
                break;
            case PluginException plugin:
                details["objective"] = plugin.ObjectiveName;
                details["kind"] = (plugin.Kind == PluginErrorKind.Disabled && plugin.InnerException is PluginException first ? first.Kind : plugin.Kind).ToString();
                details["disabled"] = true;
                break;
            case AssetValidationException assets:
                details["problems"] = assets.Problems;
                break;
        }
        LogFailed(logger, command, error.Message, error);
        events.Publish(eventType, details);
        return details;
    }

    [LoggerMessage(EventId = 1955, Level = LogLevel.Error, Message = "'{Command}' failed and changed nothing that is served: {Reason}")]
    private static partial void LogFailed(ILogger logger, string command, string reason, Exception error);
}
