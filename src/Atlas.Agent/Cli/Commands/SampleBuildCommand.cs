using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Atlas.Engine.Bank;
using Atlas.Engine.Data;
using Atlas.Engine.Samples;
using Atlas.Engine.Training;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas sample build [--out samples/fashion-camera] [--quick]</c>: runs <see cref="FashionCameraSample.Build"/>
/// with a progress bar per training phase.
/// </summary>
internal sealed class SampleBuildCommand
{
    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Folder the sample is written to (a previous sample there is replaced).",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("samples", "fashion-camera")),
    };

    private readonly Option<bool> _quick = new("--quick") { Description = "A fast run on a few thousand images that exercises the whole pipeline (not shippable)." };

    private readonly Option<int> _threads = new("--threads") { Description = "TorchSharp threads for pretraining (0 = libtorch's default).", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _parallel = new("--parallel")
    {
        Description = "Experts trained at once, one thread each (default: the processor count); results do not depend on it.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public Command Create()
    {
        var command = new Command("build", "Pretrain the CNN on clean Fashion-MNIST, fine-tune one expert per camera condition into a bank, and write the sample folder.");
        command.Options.Add(_out);
        command.Options.Add(_quick);
        command.Options.Add(_threads);
        command.Options.Add(_parallel);
        command.SetAction((parseResult, cancellationToken) => Task.Run(() => Run(parseResult, cancellationToken), CancellationToken.None));
        return command;
    }

    private int Run(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = parseResult.InvocationConfiguration.Output;
        var output = TextWriter.Synchronized(console); // experts report from several threads
        var error = parseResult.InvocationConfiguration.Error;
        var options = new SampleBuildOptions
        {
            OutputDirectory = parseResult.GetValue(_out)!.FullName,
            Quick = parseResult.GetValue(_quick),
            Threads = parseResult.GetValue(_threads),
            ExpertParallelism = parseResult.GetValue(_parallel),
        };
        // A bar redrawn in place only makes sense while one run reports at a time: pretraining, or experts one by one.
        bool bars = LearningProgressRenderer.IsTerminal(console);
        var observer = new SampleBuildObserver
        {
            Phase = (label, epochs) => new LearningProgressRenderer(output, bars && (label == "base" || options.ExpertParallelism == 1), label, epochs),
            Message = new LineWriter(output),
        };
        try
        {
            FashionCameraSample.Build(options, observer, cancellationToken);
            return 0;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("atlas sample build: cancelled; the previous sample (if any) is unchanged.");
            return CliOutput.CheckFailed;
        }
        catch (Exception e) when (e is ValidationException or TrainingException or TaskVectorBankException or DataFormatException)
        {
            error.WriteLine($"atlas sample build: {e.Message}");
            return CliOutput.UsageError;
        }
    }

    /// <summary>Writes each milestone line as it arrives (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class LineWriter(TextWriter output) : IProgress<string>
    {
        public void Report(string value)
        {
            output.WriteLine(value);
            output.Flush();
        }
    }
}
