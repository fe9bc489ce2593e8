using System.Text.Json;
using Atlas.Engine.Plugins;
using Atlas.Plugins.Tests.Objectives;
using TorchSharp;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>The out-of-tree sample plugin builds on its own, loads through the loader and drives a learning step.</summary>
public sealed class SamplePluginTests(SamplePluginBuildFixture sample) : IClassFixture<SamplePluginBuildFixture>
{
    [Fact]
    public void SamplePlugin_BuildsOutsideTheSolution_WithoutCopiesOfTheSharedAssemblies()
    {
        Assert.True(sample.ExitCode == 0, "dotnet build of the sample failed:\n" + sample.BuildOutput);
        var folder = Path.Combine(sample.PluginRoot, SamplePluginBuildFixture.PluginName);
        Assert.True(File.Exists(Path.Combine(folder, SamplePluginBuildFixture.PluginName + ".dll")));
        Assert.False(File.Exists(Path.Combine(folder, "TorchSharp.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "Atlas.Plugins.Abstractions.dll")));
    }

    [Fact]
    public void SamplePlugin_LoadsAndRunsOneAdamWStep()
    {
        Assert.True(sample.ExitCode == 0, "dotnet build of the sample failed:\n" + sample.BuildOutput);
        var options = new PluginOptions();
        options.Directories.Add(sample.PluginRoot);
        using var registry = ObjectiveRegistry.Load(options);
        Assert.Empty(registry.Failures);
        var descriptor = registry.Describe("mean-confidence");
        Assert.EndsWith(SamplePluginBuildFixture.PluginName + ".dll", descriptor.SourcePath, StringComparison.Ordinal);
        Assert.Contains(descriptor.Options, o => o.Name == "temperature");

        var objective = registry.Create("mean-confidence");
        using (var document = JsonDocument.Parse("""{ "temperature": 2 }"""))
        {
            objective.Configure(document.RootElement);
        }

        using var model = new TinyLinearModel();
        using var before = model.Weight.detach().clone();
        using var optimizer = torch.optim.AdamW([model.Weight], lr: 0.01);
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = objective.ComputeLoss(model.Batch());
        loss.backward();
        optimizer.step();

        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.InRange(-loss.item<double>(), 1.0 / TinyLinearModel.Classes, 1.0); // minus the mean top-1 probability
        Assert.True(objective.Metrics["meanConfidence"] > 0);
        Assert.False(objective.IsDisabled);
        Assert.True(model.Weight.detach().sub(before).abs().max().item<double>() > 1e-4, "AdamW did not move the weight");
    }
}
