using System.Security.Cryptography;

namespace Atlas.Agent.Mqtt.Access;

/// <summary>
/// The credential the agent's own client presents to its embedded broker: random per process and never written
/// anywhere, so only this process can hold the internal client's rights (a client id alone could be spoofed).
/// </summary>
internal sealed class InternalBrokerCredential
{
    public string UserName { get; } = "$atlas-internal-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    public string Password { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? userName, string? password) =>
        userName == UserName && password is not null &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(Password));
}
