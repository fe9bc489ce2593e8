using Atlas.Agent.Hosting;
using Atlas.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Tests.Configuration;

/// <summary>
/// The agent limits objective steps unless told otherwise (an unattended device must not let a hung plugin hold its
/// adaptation forever); configuration can set another limit or none.
/// </summary>
public sealed class PluginStepTimeoutDefaultTests
{
    [Theory]
    [InlineData(null, 60.0)]
    [InlineData("00:00:05", 5.0)]
    [InlineData("", null)]
    public void StepTimeout_IsTheAgentDefaultUnlessConfigured(string? configured, double? expectedSeconds)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null) settings["Plugins:StepTimeout"] = configured;
        using var host = AgentHostFactory.Build(null, [], settings);

        var options = host.Services.GetRequiredService<IOptions<PluginOptions>>().Value;

        Assert.Equal(expectedSeconds, options.StepTimeout?.TotalSeconds);
    }
}
