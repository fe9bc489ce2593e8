namespace Atlas.Agent.Mqtt;

/// <summary>What an incoming topic addresses.</summary>
internal enum IncomingKind
{
    Unknown,
    Frame,
    ConfigDesired,
    Command,
}
