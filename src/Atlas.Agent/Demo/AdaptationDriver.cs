namespace Atlas.Agent.Demo;

/// <summary>
/// Asks the agent for an adaptation round every <c>everyFrames</c> frames with the <c>adapt</c> command, as an operator
/// would. Stands in until the agent's own frame-count trigger (<c>Runtime:Adaptation:EveryFrames</c>) is wired.
/// </summary>
internal sealed class AdaptationDriver(DemoClient client, DemoTopics topics, int everyFrames)
{
    public Task AfterFrameAsync(int sent, CancellationToken cancellationToken) =>
        sent % everyFrames == 0 ? client.PublishJsonAsync(topics.Command("adapt"), new { }, cancellationToken, topics.Replies) : Task.CompletedTask;
}
