using Atlas.Engine.Plugins;

namespace Atlas.Plugins.Tests.Loading;

public sealed class PluginLoaderFailureTests
{
    [Fact]
    public void IncompatibleContract_IsRefusedWithBothVersionsInTheMessage()
    {
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.TestPluginFolder("Atlas.TestPlugins.Incompatible"));
        using var registry = ObjectiveRegistry.Load(options);

        Assert.Empty(registry.Objectives);
        var failure = Assert.Single(registry.Failures);
        Assert.Equal(PluginErrorKind.IncompatibleContract, failure.Kind);
        Assert.EndsWith("Atlas.TestPlugins.Incompatible.dll", failure.SourcePath, StringComparison.Ordinal);
        Assert.Contains($"built against plugin contract {ContractVersion.Major + 1}.0", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"implements contract {ContractVersion.Major}.{ContractVersion.Minor}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectiveThrowingAtLoad_IsReported_TheAssemblysOtherObjectivesStillLoad()
    {
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.TestPluginFolder("Atlas.TestPlugins.Faulty"));
        using var registry = ObjectiveRegistry.Load(options);

        Assert.Equal(["blocks-in-step", "hangs-in-step", "nan-loss", "throws-in-step"], registry.Objectives.Select(o => o.Name).ToArray());
        var failure = Assert.Single(registry.Failures);
        Assert.Equal(PluginErrorKind.LoadFailed, failure.Kind);
        Assert.Contains("ThrowingConstructorObjective", failure.Message, StringComparison.Ordinal);
        Assert.Contains("deliberate failure in a plugin constructor", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutAnAtlasPluginMarker_IsRefused()
    {
        // The test assembly itself is a .NET assembly with no [assembly: AtlasPlugin]: copy it in as a "plugin".
        var root = Path.Combine(Path.GetTempPath(), "atlas-unmarked-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "Unmarked");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(typeof(PluginLoaderFailureTests).Assembly.Location, Path.Combine(folder, "Unmarked.dll"));
            var options = new PluginOptions();
            options.Directories.Add(root);
            using var registry = ObjectiveRegistry.Load(options);
            var failure = Assert.Single(registry.Failures);
            Assert.Contains("not marked as an Atlas plugin", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void CorruptAssembly_IsReported_NotThrown()
    {
        var root = Path.Combine(Path.GetTempPath(), "atlas-corrupt-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "Corrupt");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "Corrupt.dll"), [0x4d, 0x5a, 1, 2, 3, 4]);
            var options = new PluginOptions();
            options.Directories.Add(root);
            using var registry = ObjectiveRegistry.Load(options);
            var failure = Assert.Single(registry.Failures);
            Assert.Equal(PluginErrorKind.LoadFailed, failure.Kind);
            Assert.Contains("Corrupt.dll", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void MissingDirectory_IsSkippedQuietly_AndUnknownNamesSaySoWhereItLooked()
    {
        var missing = Path.Combine(Path.GetTempPath(), "atlas-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var options = new PluginOptions();
        options.Directories.Add(missing);
        using var registry = ObjectiveRegistry.Load(options);
        Assert.Empty(registry.Objectives);
        Assert.Empty(registry.Failures);
        var error = Assert.Throws<PluginException>(() => registry.Create("entropy"));
        Assert.Contains("no objectives are loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_ListEveryBadSetting()
    {
        var options = new PluginOptions { StepTimeout = TimeSpan.Zero };
        options.Directories.Add(" ");
        options.Directories.Add("https://example.invalid/plugins");
        options.Directories.Add(@"\\server\share\plugins");
        var error = Assert.Throws<PluginException>(() => ObjectiveRegistry.Load(options));
        Assert.Equal(PluginErrorKind.InvalidOptions, error.Kind);
        Assert.Equal(4, options.Validate().Count);
        Assert.Contains("Plugins:Directories:0 is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Plugins:Directories:1 is 'https://example.invalid/plugins'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Plugins:Directories:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Plugins:StepTimeout", error.Message, StringComparison.Ordinal);
        Assert.True(new PluginOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void DefaultDirectories_CoverThePublishedAppAndTheSourceCheckout()
    {
        var defaults = PluginOptions.DefaultDirectories();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "plugins"), defaults[0]);
        Assert.Equal(TestPaths.BuiltInPlugins, defaults[1]);
        Assert.Equal(defaults, new PluginOptions().ResolveDirectories());
    }
}
