using System.ComponentModel.DataAnnotations;

namespace Atlas.Agent.Configuration;

/// <summary>
/// Authentication and roles on the embedded broker (section <c>Mqtt:Auth</c>). Off by default, which is safe only
/// while the broker binds to loopback; binding to any other address requires it (see docs/security.md).
/// </summary>
public sealed class BrokerAuthOptions : IValidatableObject
{
    /// <summary>When true, clients must present the name and password of a configured user, and roles restrict publishes.</summary>
    public bool Enabled { get; set; }

    /// <summary>The users who may connect.</summary>
    public IList<BrokerUserOptions> Users { get; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && Users.Count == 0)
            yield return new ValidationResult("authentication is enabled but no user is configured; add Mqtt:Auth:Users", [nameof(Users)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var path = $"{nameof(Users)}:{i}";
            if (string.IsNullOrEmpty(user.Name))
                yield return new ValidationResult("a user needs a Name", [$"{path}:{nameof(BrokerUserOptions.Name)}"]);
            else if (!seen.Add(user.Name))
                yield return new ValidationResult($"user '{user.Name}' is configured twice", [$"{path}:{nameof(BrokerUserOptions.Name)}"]);
            if ((user.PasswordHash is null) == (user.PasswordEnvironmentVariable is null))
                yield return new ValidationResult($"user '{user.Name}' needs exactly one of PasswordHash or PasswordEnvironmentVariable", [path]);
            else if (user.PasswordHash is not null && !Mqtt.Access.PasswordHasher.IsWellFormed(user.PasswordHash))
                yield return new ValidationResult($"user '{user.Name}': PasswordHash is not a hash from 'atlas broker hash-password' (pbkdf2-sha256$iterations$salt$hash)", [$"{path}:{nameof(BrokerUserOptions.PasswordHash)}"]);
            if (!Enum.IsDefined(user.Role))
                yield return new ValidationResult($"user '{user.Name}': unknown role {user.Role}", [$"{path}:{nameof(BrokerUserOptions.Role)}"]);
        }
    }
}
