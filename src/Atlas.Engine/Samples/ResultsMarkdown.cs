using System.Globalization;
using System.Text;

namespace Atlas.Engine.Samples;

/// <summary>Writes <see cref="SampleResults"/> as the markdown of <c>docs/results.md</c>.</summary>
internal static class ResultsMarkdown
{
    public static string Write(SampleResults results, string sampleDirectory, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var sample = sampleDirectory.Replace('\\', '/');
        var text = new StringBuilder();
        text.AppendLine("# Results: the Fashion-MNIST camera sample");
        text.AppendLine();
        text.AppendLine(c, $"Top-1 accuracy on `{results.DataSpec}` ({results.ImageCount:N0} images) of the shipped sample in `{sample}`:");
        text.AppendLine("the base model on clean images and under each camera condition, and each expert (the base plus its task vector");
        text.AppendLine(c, $"from the f16 bank) under its own condition. Conditions are applied with seed {results.Seed}.");
        text.AppendLine();
        text.AppendLine(c, $"Base model, clean: **{Percent(results.BaseClean)}**");
        text.AppendLine();
        text.AppendLine("| expert | condition | base | expert | gain |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var row in results.Rows)
        {
            text.AppendLine(c, $"| {row.Name} | `{row.Condition}` | {Percent(row.Base)} | {Percent(row.Expert)} | {(row.Expert - row.Base) * 100:+0.00;-0.00} |");
        }
        text.AppendLine();
        text.AppendLine("Produced by:");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("`atlas eval` reproduces every number. A base number:");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(c, $"atlas eval --model {sample}/base.onnx --data {results.DataSpec} --seed {results.Seed}");
        if (results.Rows.Count > 0)
            text.AppendLine(c, $"atlas eval --model {sample}/base.onnx --data {results.DataSpec} --condition {results.Rows[0].Condition} --seed {results.Seed}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(c, $"An expert is the base with coefficient 1 on its own task vector and 0 on the others (`{sample}/experts/<name>.json`):");
        text.AppendLine();
        text.AppendLine("```bash");
        if (results.Rows.Count > 0)
        {
            var row = results.Rows[0];
            text.AppendLine(c, $"atlas compose --bank {sample}/bank --coefficients {sample}/experts/{row.Name}.json --out {row.Name}.onnx");
            text.AppendLine(c, $"atlas eval --model {row.Name}.onnx --data {results.DataSpec} --condition {row.Condition} --seed {results.Seed}");
        }
        text.AppendLine("```");
        return text.ToString();
    }

    private static string Percent(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
