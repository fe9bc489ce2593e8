namespace Atlas.Plugins;

/// <summary>
/// Marks an assembly as an Atlas plugin and records the contract version it was compiled against, so the loader can
/// refuse a plugin built for an incompatible contract before it touches any of its types. Write it once per plugin:
/// <c>[assembly: AtlasPlugin(ContractVersion.Major, ContractVersion.Minor)]</c> (the constants are baked in at
/// compile time, which is exactly what makes the check meaningful).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class AtlasPluginAttribute : Attribute
{
    /// <summary>Records the contract version the plugin was built against.</summary>
    /// <param name="contractMajor">Use <see cref="ContractVersion.Major"/>.</param>
    /// <param name="contractMinor">Use <see cref="ContractVersion.Minor"/>.</param>
    public AtlasPluginAttribute(int contractMajor, int contractMinor)
    {
        ContractMajor = contractMajor;
        ContractMinor = contractMinor;
    }

    /// <summary>The contract major version; the host accepts only its own major version.</summary>
    public int ContractMajor { get; }

    /// <summary>The contract minor version; the host accepts minor versions up to its own.</summary>
    public int ContractMinor { get; }
}
