using System.Text.Json;
using Atlas.Benchmarks.Soak;

namespace Atlas.Agent.Tests.Soak;

/// <summary>How the soak counts swaps from the agent's <c>events</c>: the start-up publish is not a swap; one swap announced twice counts once.</summary>
public sealed class SoakSwapCountTests
{
    private static SoakEvent Event(double at, string json)
    {
        var element = JsonDocument.Parse(json).RootElement.Clone();
        return new SoakEvent(at, element.GetProperty("type").GetString()!, element);
    }

    [Fact]
    public void StartupPublish_IsNotASwap_AcceptedRoundsAndResetsAre()
    {
        var events = new[]
        {
            Event(0, """{ "type": "model-published", "version": "base-1" }"""),
            Event(8, """{ "type": "adaptation-accepted", "version": "adapted-1" }"""),
            Event(12, """{ "type": "adaptation-rejected" }"""),
            Event(16, """{ "type": "model-published", "version": "base-1", "cause": "reset" }"""),
        };

        Assert.Equal(2, SoakReportBuilder.Swaps(events));
    }

    [Fact]
    public void OneSwapAnnouncedTwice_CountsOnce_ButTheSameVersionLaterCountsAgain()
    {
        var events = new[]
        {
            Event(0, """{ "type": "model-published", "version": "base-1" }"""),
            Event(8, """{ "type": "adaptation-accepted", "version": "adapted-1" }"""),
            Event(8.1, """{ "type": "model-published", "version": "adapted-1", "cause": "adapt" }"""),
            Event(30, """{ "type": "model-published", "version": "adapted-1", "cause": "rollback" }"""),
        };

        Assert.Equal(2, SoakReportBuilder.Swaps(events));
    }
}
