using Atlas.Plugins;

// Records the contract this plugin was compiled against; the loader refuses it if the host's major version differs.
[assembly: AtlasPlugin(ContractVersion.Major, ContractVersion.Minor)]
