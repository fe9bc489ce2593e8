namespace Atlas.Agent.Demo;

/// <summary>
/// The topics the demo uses. Frames go to the agent's own <c>frames/&lt;camera&gt;</c>; the ground truth goes to a
/// topic outside the agent's tree that the agent never subscribes to, so only the demo's scorer knows the labels.
/// </summary>
internal sealed class DemoTopics(string prefix, string device)
{
    /// <summary>The simulated camera's name.</summary>
    public const string Camera = "demo-cam";

    /// <summary><c>&lt;prefix&gt;/&lt;device&gt;</c>.</summary>
    public string Root { get; } = $"{prefix}/{device}";

    public string Frames => $"{Root}/frames/{Camera}";

    public string Predictions => $"{Root}/predictions/{Camera}";

    public string Events => $"{Root}/events";

    public string Coefficients => $"{Root}/adaptation/coefficients";

    public string Command(string name) => $"{Root}/cmd/{name}";

    /// <summary>The labels, JSON <c>{ "frameId", "label", "phase" }</c>; read by the scorer only.</summary>
    public string Truth { get; } = $"atlas-demo/{device}/truth/{Camera}";

    /// <summary>Where the agent answers the demo's commands.</summary>
    public string Replies { get; } = $"atlas-demo/{device}/replies";
}
