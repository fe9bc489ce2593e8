using System.Globalization;
using System.Text;

namespace Atlas.Engine.Experiments;

/// <summary>
/// Renders an <see cref="ExperimentReport"/> as markdown and puts it into a results file between markers, so the
/// sample's own tables in the same file stay untouched.
/// </summary>
public static class ExperimentMarkdown
{
    /// <summary>Start marker of the generated section.</summary>
    public const string StartMarker = "<!-- atlas-experiments:start -->";

    /// <summary>End marker of the generated section.</summary>
    public const string EndMarker = "<!-- atlas-experiments:end -->";

    /// <summary>The section's markdown, markers included.</summary>
    public static string Render(ExperimentReport report, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(StartMarker);
        text.AppendLine("## aTLAS learning on the sample");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Produced by `{command}` in {report.Elapsed.TotalMinutes:0.0} minutes; every number is top-1 accuracy in %, " +
                        $"mean ± standard deviation over {report.Options.Seeds} seed(s). Held-out conditions (the base below {report.Options.HeldOutBelow:P0}): " +
                        $"{string.Join(", ", report.HeldOut)}.");
        foreach (var table in report.Tables)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {table.Title}");
            text.AppendLine();
            text.AppendLine(table.Notes);
            text.AppendLine();
            text.AppendLine("| method | " + string.Join(" | ", table.Columns) + " |");
            text.AppendLine("| --- |" + string.Concat(table.Columns.Select(_ => " ---: |")));
            foreach (var row in table.Rows)
            {
                var cells = Enumerable.Range(0, table.Columns.Count).Select(i =>
                    row.Values[i].Count == 0 ? "–"
                    : row.Values[i].Count == 1 ? Percent(row.Mean(i))
                    : $"{Percent(row.Mean(i))} ± {Percent(row.StandardDeviation(i))}");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {string.Join(" | ", cells)} |");
            }
        }
        text.AppendLine(EndMarker);
        return text.ToString();
    }

    /// <summary>Writes the section into <paramref name="path"/>, replacing an earlier one or appending (atomically).</summary>
    public static void WriteInto(string path, ExperimentReport report, string command)
    {
        var section = Render(report, command);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Results\n\n";
        int start = existing.IndexOf(StartMarker, StringComparison.Ordinal);
        int end = existing.IndexOf(EndMarker, StringComparison.Ordinal);
        var updated = start >= 0 && end > start
            ? existing[..start] + section + existing[(end + EndMarker.Length)..].TrimStart('\r', '\n')
            : existing.TrimEnd() + "\n\n" + section;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, updated);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
