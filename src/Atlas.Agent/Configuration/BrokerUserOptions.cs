using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// One user of the embedded broker (an item of <c>Mqtt:Auth:Users</c>). The password is given either as a PBKDF2
/// hash (<c>atlas broker hash-password</c> prints one) or by naming an environment variable that holds it, never
/// in plain text in a configuration file.
/// </summary>
public sealed class BrokerUserOptions
{
    /// <summary>The MQTT user name the client connects with.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>A hash from <c>atlas broker hash-password</c> (<c>pbkdf2-sha256$iterations$salt$hash</c>); treated as a secret, since it allows offline guessing.</summary>
    [Secret]
    public string? PasswordHash { get; set; }

    /// <summary>The environment variable that holds this user's password, as an alternative to <see cref="PasswordHash"/>.</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>What the user may publish.</summary>
    public BrokerRole Role { get; set; } = BrokerRole.Viewer;
}
