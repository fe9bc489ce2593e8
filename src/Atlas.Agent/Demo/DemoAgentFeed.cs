using System.Globalization;
using System.Text.Json;

namespace Atlas.Agent.Demo;

/// <summary>
/// What the demo learns about the agent from its public topics: the served model version, the adaptation events
/// (kept as short lines for the view) with their counts, and the served coefficients. Thread-safe.
/// </summary>
internal sealed class DemoAgentFeed
{
    private const int Lines = 8;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly List<string> _all = [];

    public string? ServedVersion { get; private set; }

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public int Failed { get; private set; }

    public CoefficientGrid? Coefficients { get; private set; }

    /// <summary>The latest event lines, oldest first.</summary>
    public IReadOnlyList<string> RecentLines() { lock (_gate) return [.. _lines]; }

    /// <summary>Every event line so far (for the plain output and the test).</summary>
    public IReadOnlyList<string> AllLines() { lock (_gate) return [.. _all]; }

    public void Served(string version) { lock (_gate) ServedVersion = version; }

    public void Coefficient(JsonElement json)
    {
        if (CoefficientGrid.Parse(json) is not { } grid) return;
        lock (_gate) Coefficients = grid;
    }

    /// <summary>Reads one message from <c>events</c>; only adaptation events and model swaps become lines.</summary>
    public void Event(JsonElement json, TimeSpan elapsed)
    {
        var type = Text(json, "type");
        string? line = type switch
        {
            "adaptation-started" => $"round {Text(json, "round")} started ({Text(json, "trigger")}): {Text(json, "trainFrames")} frames to learn from, {Text(json, "heldOutFrames")} to judge on",
            "adaptation-accepted" => $"accepted  → {Text(json, "version")}  information {Number(json, "currentInformation")} → {Number(json, "candidateInformation")}, entropy {Number(json, "currentEntropy")} → {Number(json, "candidateEntropy")}",
            "adaptation-rejected" => $"rejected  {Text(json, "reason")}",
            "adaptation-failed" => $"failed    {Text(json, "reason")}",
            "adaptation-cancelled" => $"cancelled {Text(json, "reason")}",
            "model-published" when Text(json, "cause") is { Length: > 0 } cause && cause != "accepted" => $"published {Text(json, "version")} ({cause})",
            _ => null,
        };
        if (line is null) return;
        lock (_gate)
        {
            if (type == "adaptation-accepted") Accepted++;
            if (type == "adaptation-rejected") Rejected++;
            if (type == "adaptation-failed") Failed++;
            line = $"{elapsed.TotalSeconds,6:0.0}s  {line}";
            _all.Add(line);
            _lines.Enqueue(line);
            if (_lines.Count > Lines) _lines.Dequeue();
        }
    }

    private static string Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString() : "";

    private static string Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("0.000", CultureInfo.InvariantCulture) : "?";
}
