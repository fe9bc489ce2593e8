namespace Atlas.Agent.Mqtt;

/// <summary>Admits every connection and publish (the loopback-only default).</summary>
internal sealed class AllowAllAccessPolicy : IBrokerAccessPolicy
{
    public bool AllowConnection(string clientId, string? userName, string? password, string remoteEndpoint) => true;

    public bool AllowPublish(string clientId, string? userName, string topic) => true;
}
