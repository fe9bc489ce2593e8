namespace Atlas.Plugins;

/// <summary>The version of the plugin contract. The loader refuses plugins built against another major version.</summary>
public static class ContractVersion
{
    /// <summary>Incremented on any breaking change to the contract.</summary>
    public const int Major = 1;

    /// <summary>Incremented on additive changes.</summary>
    public const int Minor = 0;
}
