namespace Atlas.Plugins;

/// <summary>
/// The version of the plugin contract. A plugin records the version it was compiled against with
/// <see cref="AtlasPluginAttribute"/>; the loader accepts a plugin whose major version equals the host's and whose
/// minor version is not newer than the host's.
/// </summary>
public static class ContractVersion
{
    /// <summary>Incremented on any breaking change to the contract.</summary>
    public const int Major = 1;

    /// <summary>Incremented on additive changes.</summary>
    public const int Minor = 0;

    /// <summary>Whether a plugin built against <paramref name="major"/>.<paramref name="minor"/> can run in this host.</summary>
    public static bool IsCompatible(int major, int minor) => major == Major && minor >= 0 && minor <= Minor;
}
