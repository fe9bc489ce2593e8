using System.Globalization;
using System.Text.Json;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;

namespace Atlas.Agent.Cli.Commands;

/// <summary>Writes an <see cref="EvaluationReport"/> for people (aligned text) or programs (JSON with the confusion matrix).</summary>
internal sealed class EvalReportPrinter(string modelPath, string dataSpec, ImageDataset data, EvaluationReport report)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public void WriteText(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"model       {modelPath}");
        output.WriteLine(string.Create(c, $"data        {dataSpec} ({report.ImageCount} images, {data.Channels}×{data.Height}×{data.Width})"));
        output.WriteLine(string.Create(c, $"condition   {report.Condition} (seed {report.Seed})"));
        output.WriteLine(report.Accuracy is { } accuracy
            ? string.Create(c, $"top-1       {Percent(accuracy)} ({report.Correct}/{report.ImageCount})")
            : "top-1       n/a (the data has no labels)");
        output.WriteLine(string.Create(c, $"confidence  {report.MeanConfidence:F4} (mean max softmax)"));
        output.WriteLine(string.Create(c, $"entropy     {report.MeanEntropy:F4} nats (mean; uniform would be {Math.Log(report.ClassCount):F4})"));
        if (report.PerClass.Count == 0)
        {
            return;
        }
        output.WriteLine("per class");
        var width = Math.Max(5, report.PerClass.Max(p => p.Name?.Length ?? 0));
        foreach (var cls in report.PerClass)
        {
            var name = (cls.Name ?? "").PadRight(width);
            var value = (cls.Accuracy is { } a ? Percent(a) : "n/a").PadLeft(7);
            output.WriteLine(string.Create(c, $"  {cls.Class,3} {name} {value} ({cls.Correct}/{cls.Count})"));
        }
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

    public void WriteJson(TextWriter output)
    {
        var document = new
        {
            model = modelPath,
            data = dataSpec,
            imageShape = new[] { data.Channels, data.Height, data.Width },
            report,
        };
        output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }
}
