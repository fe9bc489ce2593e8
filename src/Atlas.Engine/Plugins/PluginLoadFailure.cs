namespace Atlas.Engine.Plugins;

/// <summary>A plugin (or one objective type in it) that was not loaded, and why. Loading goes on with the others.</summary>
/// <param name="SourcePath">The plugin assembly's full path.</param>
/// <param name="Kind">Why: <see cref="PluginErrorKind.LoadFailed"/> or <see cref="PluginErrorKind.IncompatibleContract"/>.</param>
/// <param name="Message">A message naming the plugin, the type and the values involved.</param>
public sealed record PluginLoadFailure(string SourcePath, PluginErrorKind Kind, string Message);
