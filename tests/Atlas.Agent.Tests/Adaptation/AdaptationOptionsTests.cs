using Atlas.Agent.Adaptation;
using Atlas.Agent.Configuration;
using Microsoft.Extensions.Configuration;

namespace Atlas.Agent.Tests.Adaptation;

/// <summary>The <c>Adaptation:Acceptance</c> section binds onto the criterion and a bad threshold is reported under its path.</summary>
public sealed class AdaptationOptionsTests
{
    private static AdaptationOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(AdaptationOptions.Section).Get<AdaptationOptions>()
        ?? new AdaptationOptions();

    [Fact]
    public void AcceptanceSection_BindsEveryThreshold_AndKeepsDefaultsForTheRest()
    {
        var options = Bind(new()
        {
            ["Adaptation:Acceptance:InformationGain"] = "0.3",
            ["Adaptation:Acceptance:MinAgreement"] = "0",
        });

        Assert.Equal(0.3, options.Acceptance.InformationGain);
        Assert.Equal(0, options.Acceptance.MinAgreement);
        Assert.Equal(new Engine.Adaptation.AcceptanceCriterion().MaxClassShare, options.Acceptance.MaxClassShare);
        Assert.Empty(OptionsTreeValidator.Validate(options, AdaptationOptions.Section));
    }

    [Fact]
    public void OutOfRangeThresholds_AreEachReportedUnderTheirConfigurationPath()
    {
        var options = Bind(new()
        {
            ["Adaptation:Acceptance:InformationGain"] = "-0.5",
            ["Adaptation:Acceptance:MaxClassShare"] = "1.5",
        });

        var errors = OptionsTreeValidator.Validate(options, AdaptationOptions.Section);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Adaptation:Acceptance:InformationGain: ", StringComparison.Ordinal) && e.Contains("-0.5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Adaptation:Acceptance:MaxClassShare: ", StringComparison.Ordinal) && e.Contains("1.5", StringComparison.Ordinal));
    }
}
