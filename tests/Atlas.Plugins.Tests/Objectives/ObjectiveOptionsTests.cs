using System.Text.Json;

namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class ObjectiveOptionsTests(BuiltInObjectivesFixture plugins)
{
    [Fact]
    public void SeveralBadOptions_AreAllListedInOneException()
    {
        var error = Assert.Throws<ObjectiveOptionsException>(() =>
            plugins.Create("ufm", """{ "thresholdStart": 1.5, "softeningPower": "half", "treshold": 0.9 }"""));
        Assert.Equal("ufm", error.ObjectiveName);
        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("'thresholdStart' is 1.5", StringComparison.Ordinal) && e.Contains("[0, 1]", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("'softeningPower' is \"half\"", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("unknown option 'treshold'", StringComparison.Ordinal) && e.Contains("thresholdEnd", StringComparison.Ordinal));
    }

    [Fact]
    public void CrossOptionRule_IsChecked()
    {
        var error = Assert.Throws<ObjectiveOptionsException>(() =>
            plugins.Create("ufm", """{ "thresholdStart": 0.95, "thresholdEnd": 0.9 }"""));
        Assert.Contains("must not exceed thresholdEnd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChoiceOption_ListsTheValidChoices()
    {
        var error = Assert.Throws<ObjectiveOptionsException>(() => plugins.Create("reliable-entropy", """{ "weighting": "tent" }"""));
        Assert.Contains("\"eata\", \"sar\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonObjectOptions_AreRejected()
    {
        Assert.Throws<ObjectiveOptionsException>(() => plugins.Create("contrastive", "[0.2]"));
    }

    [Fact]
    public void AbsentOptions_UseTheDocumentedDefaults()
    {
        var objective = plugins.Registry.Create("contrastive").Inner;
        objective.Configure(default(JsonElement));
        Assert.Contains(objective.Options, o => o is { Name: "temperature", DefaultValue: "0.2" });
    }

    [Theory]
    [MemberData(nameof(ObjectiveGradientTests.BuiltInNames), MemberType = typeof(ObjectiveGradientTests))]
    public void EveryBuiltIn_DocumentsItselfAndAcceptsItsDefaults(string name)
    {
        var descriptor = plugins.Registry.Describe(name);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
        Assert.True(descriptor.RequiredViews.HasFlag(ObjectiveViews.Weak));
        var defaults = "{" + string.Join(", ", descriptor.Options.Select(o => $"\"{o.Name}\": {o.DefaultValue}")) + "}";
        plugins.Create(name, defaults); // the listed defaults must themselves be valid
    }
}
