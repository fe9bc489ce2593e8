using Atlas.Agent.Mqtt;

namespace Atlas.Agent.Tests.Mqtt;

public sealed class TopicLayoutTests
{
    private readonly TopicLayout _topics = new("atlas", "cam-host");

    [Theory]
    [InlineData("atlas/cam-host/frames/door", "Frame", "door")]
    [InlineData("atlas/cam-host/frames/site/door", "Frame", "site/door")]
    [InlineData("atlas/other-host/frames/door", "Frame", "door")]
    [InlineData("atlas/cam-host/config/desired", "ConfigDesired", "")]
    [InlineData("atlas/cam-host/cmd/status", "Command", "status")]
    [InlineData("atlas/cam-host/cmd/status/extra", "Unknown", "")]
    [InlineData("atlas/cam-host/predictions/door", "Unknown", "")]
    [InlineData("other/cam-host/frames/door", "Unknown", "")]
    public void Parse_ClassifiesIncomingTopics(string topic, string kind, string name) =>
        Assert.Equal(new IncomingTopic(Enum.Parse<IncomingKind>(kind), name), _topics.Parse(topic));

    [Fact]
    public void Topics_AreAllUnderPrefixAndDevice()
    {
        Assert.Equal("atlas/cam-host/frames/#", _topics.FramesFilter);
        Assert.Equal("atlas/cam-host/predictions/door", _topics.Predictions("door"));
        Assert.Equal("atlas/cam-host/status", _topics.Status);
        Assert.Equal("atlas/cam-host/cmd/+", _topics.CommandFilter);
    }

    [Fact]
    public void SharedGroup_SubscribesToEveryDevicesFramesThroughShare() =>
        Assert.Equal("$share/line1/atlas/+/frames/#", new TopicLayout("atlas", "a", "line1").FramesFilter);
}
