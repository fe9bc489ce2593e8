using Atlas.Plugins;

[assembly: AtlasPlugin(ContractVersion.Major, ContractVersion.Minor)]
