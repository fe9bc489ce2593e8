namespace Atlas.Agent.Mqtt;

/// <summary>
/// Who may connect to the embedded broker and publish where. The default (<see cref="AllowAllAccessPolicy"/>)
/// admits everyone, which is safe only because the embedded broker binds to loopback by default; role-based access
/// (camera, operator, viewer) plugs in here by registering another implementation.
/// </summary>
internal interface IBrokerAccessPolicy
{
    /// <summary>Decides whether a client may connect. Credentials must never be logged.</summary>
    bool AllowConnection(string clientId, string? userName, string? password, string remoteEndpoint);

    /// <summary>Decides whether a connected client may publish to <paramref name="topic"/>.</summary>
    bool AllowPublish(string clientId, string? userName, string topic);
}
