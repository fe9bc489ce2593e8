using Atlas.Engine.Plugins;

namespace Atlas.Plugins.Tests.Loading;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class ObjectiveRegistryTests(BuiltInObjectivesFixture plugins)
{
    private static readonly string[] BuiltInNames = ["contrastive", "cross-entropy", "entropy", "entropy-balanced", "reliable-entropy", "ufm"];

    [Fact]
    public void BuiltInFolder_LoadsAllSixObjectives_WithTheirSourcePaths()
    {
        var registry = plugins.Registry;
        Assert.Empty(registry.Failures);
        Assert.Equal(BuiltInNames, registry.Objectives.Select(o => o.Name).ToArray());
        var ufm = registry.Describe("ufm");
        Assert.Equal(Path.Combine(TestPaths.BuiltInPlugins, "Atlas.Objectives.Ufm", "Atlas.Objectives.Ufm.dll"), ufm.SourcePath);
        Assert.Equal($"{ContractVersion.Major}.{ContractVersion.Minor}", ufm.ContractVersion);
        Assert.Equal(ObjectiveViews.Weak | ObjectiveViews.Strong, ufm.RequiredViews);
        Assert.True(registry.Describe("cross-entropy").RequiresLabels);
    }

    [Fact]
    public void PluginTypes_AreTheHostsOwn_ContractAndTorchSharpAreShared()
    {
        var objective = plugins.Registry.Create("entropy").Inner;
        var pluginAssembly = objective.GetType().Assembly;
        Assert.NotEqual(typeof(ObjectiveRegistryTests).Assembly.Location, pluginAssembly.Location);
        Assert.StartsWith(TestPaths.BuiltInPlugins, pluginAssembly.Location, StringComparison.Ordinal);
        var hostAbstractions = typeof(IObjective).Assembly;
        Assert.Contains(pluginAssembly.GetReferencedAssemblies(), r => r.Name == hostAbstractions.GetName().Name);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(pluginAssembly.Location)!, "TorchSharp.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(pluginAssembly.Location)!, "Atlas.Plugins.Abstractions.dll")));
    }

    [Theory]
    [InlineData("UFM")]
    [InlineData("Entropy-Balanced")]
    public void Names_ResolveCaseInsensitively(string name)
    {
        var objective = plugins.Registry.Create(name);
        Assert.Equal(name, objective.Name, ignoreCase: true);
    }

    [Fact]
    public void Create_ReturnsAFreshGuardedInstanceEachTime()
    {
        var first = plugins.Registry.Create("ufm");
        var second = plugins.Registry.Create("ufm");
        Assert.NotSame(first.Inner, second.Inner);
        Assert.False(first.IsDisabled);
    }

    [Fact]
    public void UnknownName_ErrorListsTheKnownNames()
    {
        var error = Assert.Throws<PluginException>(() => plugins.Registry.Create("tent"));
        Assert.Equal(PluginErrorKind.UnknownObjective, error.Kind);
        Assert.Contains("'tent'", error.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", BuiltInNames), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameFolderTwice_SecondCopyIsReportedAsDuplicate()
    {
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.BuiltInPlugins);
        options.Directories.Add(TestPaths.BuiltInPlugins + Path.DirectorySeparatorChar);
        using var registry = ObjectiveRegistry.Load(options);
        Assert.Equal(6, registry.Objectives.Count);
        Assert.Equal(6, registry.Failures.Count);
        Assert.All(registry.Failures, f => Assert.Contains("already taken", f.Message, StringComparison.Ordinal));
    }
}
