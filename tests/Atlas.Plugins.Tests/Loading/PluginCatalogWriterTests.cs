using System.Text.Json;
using Atlas.Engine.Plugins;

namespace Atlas.Plugins.Tests.Loading;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class PluginCatalogWriterTests(BuiltInObjectivesFixture plugins)
{
    [Fact]
    public void Json_ListsNameVersionSourceAndOptionsOfEveryObjective()
    {
        using var output = new StringWriter();
        PluginCatalogWriter.WriteJson(plugins.Registry, output);
        using var document = JsonDocument.Parse(output.ToString());
        var objectives = document.RootElement.GetProperty("objectives").EnumerateArray().ToList();
        Assert.Equal(6, objectives.Count);
        var ufm = objectives.Single(o => o.GetProperty("name").GetString() == "ufm");
        Assert.Equal("1.0.0", ufm.GetProperty("version").GetString());
        Assert.True(File.Exists(ufm.GetProperty("sourcePath").GetString()));
        var threshold = ufm.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "thresholdEnd");
        Assert.Equal("0.99", threshold.GetProperty("default").GetString());
        Assert.Empty(document.RootElement.GetProperty("failures").EnumerateArray());
    }

    [Fact]
    public void Text_ShowsRefusedPluginsWithTheirReason()
    {
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.TestPluginFolder("Atlas.TestPlugins.Incompatible"));
        using var registry = ObjectiveRegistry.Load(options);
        using var output = new StringWriter();
        PluginCatalogWriter.WriteText(registry, output);
        Assert.Contains("No objectives found", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("not loaded (IncompatibleContract)", output.ToString(), StringComparison.Ordinal);
    }
}
