namespace Atlas.Agent.Web;

/// <summary>
/// The opt-in status page (section <c>Web</c>): a small read-only page with the agent's state, rolling metrics and a
/// heatmap of the served coefficients. It has no authentication and no TLS, so it binds to loopback unless
/// <see cref="AllowNonLoopback"/> says the network is trusted.
/// </summary>
public sealed class WebStatusOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Web";

    /// <summary>Whether the page is served. Default false: nothing listens unless asked.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the page listens, <c>http://HOST:PORT</c> (a path is not allowed). Default <c>http://127.0.0.1:8080</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Allows a <see cref="Url"/> host other than a loopback address. Default false: anyone who can reach the port sees
    /// the device's state and model, so exposing it is an explicit decision for a trusted network.
    /// </summary>
    public bool AllowNonLoopback { get; set; }
}
