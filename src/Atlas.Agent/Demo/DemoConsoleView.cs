using System.Globalization;
using System.Text;

namespace Atlas.Agent.Demo;

/// <summary>
/// The demo's terminal view. Live, it redraws one block in place with plain ANSI escapes (cursor up, clear to end):
/// phase and progress, served version, rolling accuracy as a bar, the phase's before/after accuracy, the latest
/// adaptation events and the coefficient cells. Otherwise (output redirected, or <c>--no-live</c>) it writes one status
/// line every few seconds and each adaptation event as it comes, so a log stays readable.
/// </summary>
internal sealed class DemoConsoleView(TextWriter output, bool live, DemoProgress progress, DemoScorer scorer, DemoAgentFeed feed)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private int _drawnLines;
    private int _eventsWritten;
    private TimeSpan? _lastPlain;

    /// <summary>Draws the view (live) or writes what is new (plain); call a few times a second.</summary>
    public void Update(TimeSpan elapsed)
    {
        if (live) Redraw(elapsed);
        else WritePlain(elapsed, force: false);
    }

    /// <summary>The final draw before the summary (plain output ends with the served coefficients, never shown before).</summary>
    public void Finish(TimeSpan elapsed)
    {
        if (live)
        {
            Redraw(elapsed);
        }
        else
        {
            WritePlain(elapsed, force: true);
            if (feed.Coefficients is { } grid)
            {
                output.WriteLine($"coefficients λ of {grid.ModelVersion} (task vector × block):");
                foreach (var line in CoefficientCells.Render(grid, ansi: false)) output.WriteLine("  " + line);
            }
        }
        output.WriteLine();
    }

    private void Redraw(TimeSpan elapsed)
    {
        var lines = Lines(elapsed);
        var text = new StringBuilder();
        if (_drawnLines > 0) text.Append(CultureInfo.InvariantCulture, $"\u001b[{_drawnLines}F\u001b[J");
        foreach (var line in lines) text.Append(line).Append('\n');
        output.Write(text.ToString());
        output.Flush();
        _drawnLines = lines.Count;
    }

    private List<string> Lines(TimeSpan elapsed)
    {
        var phase = progress.Phases[Math.Min(progress.Phase, progress.Phases.Count - 1)];
        var (rolling, frames) = scorer.Rolling();
        var current = scorer.Results()[Math.Min(progress.Phase, progress.Phases.Count - 1)];
        var lines = new List<string>
        {
            $"\u001b[1matlas demo\u001b[0m  phase {progress.Phase + 1}/{progress.Phases.Count} \u001b[1m{phase.Name}\u001b[0m ({phase.Condition})  " +
                $"frame {progress.Frame}/{progress.PhaseFrames}{(progress.WarmingUp ? " (waiting for the agent's first round)" : "")}  {elapsed.TotalSeconds:0.0}s",
            $"served model     {feed.ServedVersion ?? "–"}   rounds accepted {feed.Accepted}, rejected {feed.Rejected}, failed {feed.Failed}",
            $"rolling accuracy {Bar(rolling)} {Percent(rolling)}  (last {frames} frames)",
            $"this phase       before {Percent(current.Before)} ({current.BeforeFrames})   after adapting {Percent(current.After)} ({current.AfterFrames})",
            "adaptation events:",
        };
        var events = feed.RecentLines();
        lines.AddRange(events.Count == 0 ? ["  (none yet)"] : events.Select(e => "  " + e));
        if (feed.Coefficients is { } grid)
        {
            lines.Add($"coefficients λ of {grid.ModelVersion} (task vector × block):");
            lines.AddRange(CoefficientCells.Render(grid, ansi: true).Select(l => "  " + l));
        }
        return lines;
    }

    private void WritePlain(TimeSpan elapsed, bool force)
    {
        var events = feed.AllLines();
        for (; _eventsWritten < events.Count; _eventsWritten++) output.WriteLine($"event {events[_eventsWritten]}");
        if (!force && _lastPlain is { } last && elapsed - last < PlainInterval) return;
        _lastPlain = elapsed;
        var phase = progress.Phases[Math.Min(progress.Phase, progress.Phases.Count - 1)];
        var (rolling, _) = scorer.Rolling();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds,6:0.0}s  phase {phase.Name} frame {progress.Frame}/{progress.PhaseFrames}{(progress.WarmingUp ? " (waiting for the first round)" : "")}  model {feed.ServedVersion ?? "–"}  rolling accuracy {Percent(rolling)}"));
        output.Flush();
    }

    private static string Bar(double? fraction)
    {
        const int width = 30;
        var filled = (int)Math.Round((fraction ?? 0) * width);
        return "\u001b[32m" + new string('█', filled) + "\u001b[0m" + new string('░', width - filled);
    }

    internal static string Percent(double? fraction) =>
        fraction is { } f ? (100 * f).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";
}
