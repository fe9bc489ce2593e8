using System.CommandLine;
using Atlas.Engine.Bank;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Samples;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas sample report [--sample samples/fashion-camera] [--data fashion-mnist:test] [--out docs/results.md]</c>:
/// measures the sample with <see cref="FashionCameraSample.Evaluate"/> and writes the markdown table.
/// </summary>
internal sealed class SampleReportCommand
{
    private readonly Option<DirectoryInfo> _sample = new("--sample")
    {
        Description = "The sample folder (holds sample.json).",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("samples", "fashion-camera")),
    };

    private readonly Option<string> _data = new("--data")
    {
        Description = "Labeled evaluation data (default: the whole 10k test split).",
        DefaultValueFactory = _ => FashionCameraSample.FullTestSet,
    };

    private readonly Option<FileInfo?> _out = new("--out") { Description = "Write the markdown here (e.g. docs/results.md) instead of to stdout." };

    public Command Create()
    {
        var command = new Command("report", "Accuracy of the base (clean and under each condition) and of each expert under its own condition, as markdown.");
        command.Options.Add(_sample);
        command.Options.Add(_data);
        command.Options.Add(_out);
        command.SetAction((parseResult, cancellationToken) => Task.Run(() => Run(parseResult, cancellationToken), CancellationToken.None));
        return command;
    }

    private int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var sample = parseResult.GetValue(_sample)!;
        var data = parseResult.GetValue(_data)!;
        var outFile = parseResult.GetValue(_out);
        try
        {
            var results = FashionCameraSample.Evaluate(sample.FullName, data, cancellationToken);
            var shown = Path.GetRelativePath(Environment.CurrentDirectory, sample.FullName);
            var command = "atlas sample report --sample " + shown
                + (data == FashionCameraSample.FullTestSet ? "" : " --data " + data)
                + (outFile is null ? "" : " --out " + Path.GetRelativePath(Environment.CurrentDirectory, outFile.FullName));
            var markdown = FashionCameraSample.ToMarkdown(results, shown, command);
            if (outFile is null)
            {
                output.Write(markdown);
            }
            else
            {
                Directory.CreateDirectory(outFile.DirectoryName!);
                File.WriteAllText(outFile.FullName, markdown);
                output.WriteLine($"wrote {outFile.FullName}");
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or TaskVectorBankException or DataFormatException or EvaluationException)
        {
            error.WriteLine($"atlas sample report: {e.Message}");
            return CliOutput.UsageError;
        }
    }
}
