using Atlas.Engine.Plugins;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>Loads the deliberately faulty test plugins (artifacts/test-plugins/Atlas.TestPlugins.Faulty) once.</summary>
public sealed class FaultyPluginsFixture : IDisposable
{
    public FaultyPluginsFixture()
    {
        TestTorch.Initialize();
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.TestPluginFolder("Atlas.TestPlugins.Faulty"));
        Registry = ObjectiveRegistry.Load(options);
    }

    public ObjectiveRegistry Registry { get; }

    public void Dispose() => Registry.Dispose();
}
