namespace Atlas.Agent.Configuration;

/// <summary>
/// Marks a setting whose value is a secret (a password, a key password, a password hash): validation errors name
/// the setting but never echo its value, and nothing the agent logs, publishes or reports includes it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute;
