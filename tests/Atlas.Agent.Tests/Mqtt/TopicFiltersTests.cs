using Atlas.Agent.Mqtt.Access;

namespace Atlas.Agent.Tests.Mqtt;

/// <summary>Filter containment and overlap, the basis of subscribe decisions (MQTT 5 §4.7 wildcard semantics).</summary>
public sealed class TopicFiltersTests
{
    [Theory]
    [InlineData("a/b/#", "a/b", true)] // '#' also matches the parent level
    [InlineData("a/b/#", "a/b/c/d", true)]
    [InlineData("a/b/#", "a/b/+", true)]
    [InlineData("a/b/#", "a/+/c", false)]
    [InlineData("a/b/#", "a/#", false)]
    [InlineData("a/b/#", "#", false)]
    [InlineData("a/+/c", "a/x/c", true)]
    [InlineData("a/+/c", "a/+/c", true)]
    [InlineData("a/x/c", "a/+/c", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("#", "anything/at/all", true)]
    public void Covers_IsTrueOnlyWhenEveryTopicOfTheFilterMatchesThePattern(string pattern, string filter, bool expected) =>
        Assert.Equal(expected, TopicFilters.Covers(pattern, filter));

    [Theory]
    [InlineData("a/frames/#", "#", true)]
    [InlineData("a/frames/#", "a/+/x", true)]
    [InlineData("a/frames/#", "a/frames", true)]
    [InlineData("a/frames/#", "+/+", true)]
    [InlineData("a/frames/#", "a/status", false)]
    [InlineData("a/config/desired", "a/config/+", true)]
    [InlineData("a/config/desired", "a/config/reported", false)]
    [InlineData("a/config/desired", "a/config", false)]
    [InlineData("a/config/desired", "a/config/desired/x", false)]
    [InlineData("a/config/desired", "+/+/+", true)]
    public void Overlaps_IsTrueWhenSomeTopicMatchesBoth(string first, string second, bool expected)
    {
        Assert.Equal(expected, TopicFilters.Overlaps(first, second));
        Assert.Equal(expected, TopicFilters.Overlaps(second, first));
    }

    [Theory]
    [InlineData("$share/g/a/b/#", "a/b/#")]
    [InlineData("a/b", "a/b")]
    [InlineData("$share/g", "")]
    public void WithoutShare_ReadsTheFilterOfASharedSubscription(string filter, string expected) =>
        Assert.Equal(expected, TopicFilters.WithoutShare(filter));
}
