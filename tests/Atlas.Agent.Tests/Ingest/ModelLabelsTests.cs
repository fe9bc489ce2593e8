using Atlas.Agent.Ingest;

namespace Atlas.Agent.Tests.Ingest;

public sealed class ModelLabelsTests
{
    [Fact]
    public void Labels_ComeFromAtlasLabelsThenClassNamesThenIndices()
    {
        Assert.Equal(["a", "b"], ModelLabels.Read(new Dictionary<string, string> { ["atlas.labels"] = "a, b", ["atlas.class_names"] = "[\"x\",\"y\"]" }, 2, "m"));
        Assert.Equal(["x", "y"], ModelLabels.Read(new Dictionary<string, string> { ["atlas.class_names"] = "[\"x\",\"y\"]" }, 2, "m"));
        Assert.Equal(["0", "1"], ModelLabels.Read(new Dictionary<string, string>(), 2, "m"));
    }

    [Fact]
    public void LabelCountMismatch_IsAStartupErrorNamingKeyAndCounts()
    {
        var error = Assert.Throws<AgentStartupException>(() => ModelLabels.Read(new Dictionary<string, string> { ["atlas.class_names"] = "[\"x\"]" }, 3, "m.onnx"));
        Assert.Contains("atlas.class_names", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 labels", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 classes", error.Message, StringComparison.Ordinal);
    }
}
