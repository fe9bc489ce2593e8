namespace Atlas.Agent.Configuration;

/// <summary>What a user of the embedded broker may do (see docs/security.md).</summary>
public enum BrokerRole
{
    /// <summary>Publishes frames only, to <c>&lt;prefix&gt;/&lt;device&gt;/frames/#</c>.</summary>
    Camera,

    /// <summary>Publishes <c>config/desired</c> and <c>cmd/#</c>; reads everything.</summary>
    Operator,

    /// <summary>Reads only; every publish is refused.</summary>
    Viewer,
}
