namespace Atlas.Agent.Configuration;

/// <summary>
/// The runtime settings in force, and a notification when a remote document changes them. Services that apply
/// settings live (prediction formatting, metrics period, log level, adaptation) read <see cref="Current"/> or
/// subscribe to <see cref="Changed"/>.
/// </summary>
public interface IRuntimeSettingsSource
{
    /// <summary>The settings in force (never mutated; a change replaces the instance).</summary>
    RuntimeSettings Current { get; }

    /// <summary>Raised after a new document has been applied, with the new settings.</summary>
    event Action<RuntimeSettings>? Changed;
}
