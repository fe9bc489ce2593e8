namespace Atlas.Agent.Configuration;

/// <summary>Where the agent's MQTT broker comes from.</summary>
public enum BrokerMode
{
    /// <summary>The agent starts its own MQTTnet broker (default; no other software needed).</summary>
    Embedded,

    /// <summary>The agent connects to a broker someone else runs (mosquitto, EMQX, a cloud broker).</summary>
    External,
}
