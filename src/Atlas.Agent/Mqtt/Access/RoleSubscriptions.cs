using Atlas.Agent.Configuration;

namespace Atlas.Agent.Mqtt.Access;

/// <summary>
/// What each role may read from the embedded broker. A subscription is judged by every topic it could ever
/// receive, so a wildcard that reaches a forbidden topic is refused as a whole.
/// <list type="bullet">
/// <item><c>Camera</c>: only the predictions of its own stream, <c>&lt;root&gt;/predictions/&lt;user name&gt;[/...]</c>
/// (a camera publishing as <c>frames/&lt;user name&gt;</c> may read its answers; nothing else, so a stolen camera
/// credential reveals nothing).</item>
/// <item><c>Viewer</c>: everything except camera frames (images may be private), <c>config/desired</c>, commands and
/// command responses: status, metrics, events, predictions and <c>config/reported</c> are what dashboards need.</item>
/// <item><c>Operator</c>: everything except <c>config/desired</c>, which only the agent reads (<c>config/reported</c>
/// shows what is in force).</item>
/// </list>
/// </summary>
internal sealed class RoleSubscriptions(TopicLayout topics)
{
    private readonly string[] _hiddenFromViewers =
        [$"{topics.Root}/frames/#", topics.ConfigDesired, $"{topics.Root}/cmd/#", $"{topics.Root}/responses/#"];

    private readonly string[] _hiddenFromOperators = [topics.ConfigDesired];

    public bool Allows(BrokerRole role, string userName, string topicFilter)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        var filter = TopicFilters.WithoutShare(topicFilter);
        if (filter.Length == 0) return false;
        return role switch
        {
            BrokerRole.Camera => TopicLevel.IsValid(userName) && TopicFilters.Covers($"{topics.Root}/predictions/{userName}/#", filter),
            BrokerRole.Viewer => !_hiddenFromViewers.Any(hidden => TopicFilters.Overlaps(hidden, filter)),
            BrokerRole.Operator => !_hiddenFromOperators.Any(hidden => TopicFilters.Overlaps(hidden, filter)),
            _ => false,
        };
    }
}
