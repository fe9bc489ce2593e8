using System.Globalization;
using System.Text;

namespace Atlas.Agent.Demo;

/// <summary>
/// The table <c>atlas demo</c> ends with: per phase, accuracy on frames served before the agent adapted in that phase
/// and after (by a composition it adopted during the phase), the gain in points, and the versions adopted.
/// </summary>
internal static class DemoSummary
{
    public static string Table(IReadOnlyList<PhaseResult> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var text = new StringBuilder();
        var nameWidth = Math.Max(5, phases.Max(p => p.Name.Length));
        var conditionWidth = Math.Max(9, phases.Max(p => p.Condition.Length));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"phase".PadRight(nameWidth)}  {"condition".PadRight(conditionWidth)}  {"frames",6}  {"base model",10}  {"before",14}  {"after",14}  {"gain",7}  adopted");
        foreach (var p in phases)
        {
            var adopted = p.Adopted.Count == 0 ? "–" : string.Join(", ", p.Adopted);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{p.Name.PadRight(nameWidth)}  {p.Condition.PadRight(conditionWidth)}  {p.Frames,6}  {DemoConsoleView.Percent(p.BaseModel),10}  {Cell(p.Before, p.BeforeFrames),14}  {Cell(p.After, p.AfterFrames),14}  " +
                $"{(p.Gain is { } g ? g.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "–"),7}  {adopted}");
        }
        text.AppendLine("base model: the unadapted model on the same frames; before: frames served by the model in force when the phase began;");
        text.Append("after: frames served by compositions the agent adopted during the phase; gain: after − before, in points.");
        return text.ToString();
    }

    private static string Cell(double? accuracy, int frames) =>
        accuracy is null ? "–" : $"{DemoConsoleView.Percent(accuracy)} ({frames.ToString(CultureInfo.InvariantCulture)})";
}
