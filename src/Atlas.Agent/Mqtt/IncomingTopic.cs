namespace Atlas.Agent.Mqtt;

/// <summary>A parsed incoming topic: its kind and the camera or command name it carries.</summary>
internal readonly record struct IncomingTopic(IncomingKind Kind, string Name);
