using Atlas.Engine.Plugins;

namespace Atlas.Plugins.Tests;

/// <summary>Loads the built-in plugins once, through the real loader, from artifacts/plugins.</summary>
public sealed class BuiltInObjectivesFixture : IDisposable
{
    public BuiltInObjectivesFixture()
    {
        TestTorch.Initialize();
        var options = new PluginOptions();
        options.Directories.Add(TestPaths.BuiltInPlugins);
        Registry = ObjectiveRegistry.Load(options);
    }

    public ObjectiveRegistry Registry { get; }

    /// <summary>A fresh, configured instance (the guard is removed so a math test sees the plugin's own exceptions).</summary>
    public IObjective Create(string name, string optionsJson = "{}")
    {
        var objective = Registry.Create(name).Inner;
        using var document = System.Text.Json.JsonDocument.Parse(optionsJson);
        objective.Configure(document.RootElement.Clone());
        return objective;
    }

    public void Dispose() => Registry.Dispose();
}
