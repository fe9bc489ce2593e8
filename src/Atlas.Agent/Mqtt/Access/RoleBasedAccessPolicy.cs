using System.Security.Cryptography;
using System.Text;
using Atlas.Agent.Configuration;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Mqtt.Access;

/// <summary>
/// Users and roles from <c>Mqtt:Auth</c>: a client connects only with a configured user's name and password, and may
/// publish only where its role allows (camera: frames; operator: config/desired and commands; viewer: nothing) and
/// subscribe only to what its role may read (<see cref="RoleSubscriptions"/>).
/// The agent's own client, recognised by its per-process <see cref="InternalBrokerCredential"/>, may do anything.
/// </summary>
internal sealed class RoleBasedAccessPolicy : IBrokerAccessPolicy
{
    private readonly Dictionary<string, (BrokerRole Role, Func<string, bool> Verify)> _users = new(StringComparer.Ordinal);
    private readonly InternalBrokerCredential _internal;
    private readonly string _frames;
    private readonly string _configDesired;
    private readonly string _commands;
    private readonly RoleSubscriptions _subscriptions;

    public RoleBasedAccessPolicy(IOptions<MqttOptions> options, TopicLayout topics, InternalBrokerCredential internalCredential)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        _internal = internalCredential;
        _frames = $"{topics.Root}/frames/";
        _configDesired = topics.ConfigDesired;
        _commands = $"{topics.Root}/cmd/";
        _subscriptions = new RoleSubscriptions(topics);
        foreach (var user in options.Value.Auth.Users)
            _users[user.Name] = (user.Role, Verifier(user));
    }

    public bool AllowConnection(string clientId, string? userName, string? password, string remoteEndpoint)
    {
        if (userName is null || password is null) return false;
        if (_internal.Matches(userName, password)) return true;
        return _users.TryGetValue(userName, out var user) && user.Verify(password);
    }

    public bool AllowPublish(string clientId, string? userName, string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (userName is null) return false;
        if (userName == _internal.UserName) return true;
        if (!_users.TryGetValue(userName, out var user)) return false;
        return user.Role switch
        {
            BrokerRole.Camera => IsBelow(topic, _frames),
            BrokerRole.Operator => topic == _configDesired || IsBelow(topic, _commands),
            _ => false,
        };
    }

    public bool AllowSubscribe(string clientId, string? userName, string topicFilter)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        if (userName is null) return false;
        if (userName == _internal.UserName) return true;
        return _users.TryGetValue(userName, out var user) && _subscriptions.Allows(user.Role, userName, topicFilter);
    }

    private static bool IsBelow(string topic, string prefix) =>
        topic.Length > prefix.Length && topic.StartsWith(prefix, StringComparison.Ordinal);

    private static Func<string, bool> Verifier(BrokerUserOptions user)
    {
        if (user.PasswordHash is { } hash) return password => PasswordHasher.Verify(password, hash);
        var variable = user.PasswordEnvironmentVariable!;
        var secret = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(secret))
            throw new InvalidOperationException($"Mqtt:Auth: user '{user.Name}' takes its password from environment variable '{variable}', which is not set");
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        // Hashing both sides first gives equal lengths, so the comparison time says nothing about the password.
        return password => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), expected);
    }
}
