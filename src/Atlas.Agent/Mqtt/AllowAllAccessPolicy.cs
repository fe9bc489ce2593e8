namespace Atlas.Agent.Mqtt;

/// <summary>Admits every connection, publish and subscription (the loopback-only default).</summary>
internal sealed class AllowAllAccessPolicy : IBrokerAccessPolicy
{
    public bool AllowConnection(string clientId, string? userName, string? password, string remoteEndpoint) => true;

    public bool AllowPublish(string clientId, string? userName, string topic) => true;

    public bool AllowSubscribe(string clientId, string? userName, string topicFilter) => true;
}
