using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>Identity of this agent on the broker, where it keeps state, and how long it may take to stop (section <c>Agent</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Agent";

    /// <summary>
    /// The device name in every topic (<c>&lt;prefix&gt;/&lt;device&gt;/...</c>). Default: the host name, lower-cased.
    /// Must be a single MQTT topic level: no <c>/</c>, <c>+</c>, <c>#</c>.
    /// </summary>
    [Required]
    [RegularExpression(TopicLevel.Pattern, ErrorMessage = TopicLevel.Message)]
    public string DeviceId { get; set; } = TopicLevel.Sanitize(Environment.MachineName);

    /// <summary>The first topic level of every topic. Default <c>atlas</c>.</summary>
    [Required]
    [RegularExpression(TopicLevel.Pattern, ErrorMessage = TopicLevel.Message)]
    public string TopicPrefix { get; set; } = "atlas";

    /// <summary>
    /// Folder for state the agent must keep across restarts (the applied remote configuration; later, accepted
    /// adaptation versions). Relative paths are resolved against the working directory. Default <c>state</c>.
    /// </summary>
    [Required]
    public string StateDirectory { get; set; } = "state";

    /// <summary>How long a graceful stop may take before the host gives up on services, in seconds. Default 10.</summary>
    [Range(1, 300)]
    public int ShutdownTimeoutSeconds { get; set; } = 10;
}
