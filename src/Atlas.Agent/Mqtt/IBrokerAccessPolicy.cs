namespace Atlas.Agent.Mqtt;

/// <summary>
/// Who may connect to the embedded broker, publish where and subscribe to what. Without <c>Mqtt:Auth</c> the default
/// (<see cref="AllowAllAccessPolicy"/>) admits everyone, which is allowed only while the broker binds to loopback;
/// with it, <see cref="Access.RoleBasedAccessPolicy"/> checks users and roles (camera, operator, viewer).
/// </summary>
internal interface IBrokerAccessPolicy
{
    /// <summary>Decides whether a client may connect. Credentials must never be logged.</summary>
    bool AllowConnection(string clientId, string? userName, string? password, string remoteEndpoint);

    /// <summary>Decides whether a connected client may publish to <paramref name="topic"/>.</summary>
    bool AllowPublish(string clientId, string? userName, string topic);

    /// <summary>Decides whether a connected client may subscribe to <paramref name="topicFilter"/> (which may hold wildcards).</summary>
    bool AllowSubscribe(string clientId, string? userName, string topicFilter);
}
