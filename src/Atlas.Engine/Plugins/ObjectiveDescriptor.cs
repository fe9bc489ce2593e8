using Atlas.Plugins;

namespace Atlas.Engine.Plugins;

/// <summary>What the loader learned about one objective without running it: for listings, docs and run records.</summary>
/// <param name="Name">The objective's name (unique, case-insensitive).</param>
/// <param name="Version">The objective's own version.</param>
/// <param name="Description">One sentence from the plugin.</param>
/// <param name="RequiresLabels">Whether it needs labeled batches.</param>
/// <param name="RequiredViews">Which augmented views it needs.</param>
/// <param name="Options">Its options with their defaults.</param>
/// <param name="SourcePath">The full path of the plugin assembly it came from.</param>
/// <param name="ContractVersion">The contract version the plugin was built against, <c>major.minor</c>.</param>
public sealed record ObjectiveDescriptor(
    string Name,
    Version Version,
    string Description,
    bool RequiresLabels,
    ObjectiveViews RequiredViews,
    IReadOnlyList<ObjectiveOptionDescriptor> Options,
    string SourcePath,
    string ContractVersion);
