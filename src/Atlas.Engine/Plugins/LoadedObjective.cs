namespace Atlas.Engine.Plugins;

/// <summary>An objective type found in a plugin, with what it reported about itself.</summary>
internal sealed record LoadedObjective(ObjectiveDescriptor Descriptor, Type Type);
