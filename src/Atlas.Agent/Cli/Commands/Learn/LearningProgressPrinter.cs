using Atlas.Engine.Learning;

namespace Atlas.Agent.Cli.Commands.Learn;

/// <summary>Prints one line per epoch and per event (reset, failure) of a learning run.</summary>
internal sealed class LearningProgressPrinter(TextWriter output) : IProgress<LearningProgress>
{
    public void Report(LearningProgress value)
    {
        switch (value.Kind)
        {
            case LearningEventKind.EpochCompleted:
                var metrics = string.Join(" ", value.Metrics.Select(m => $"{m.Key}={LearnOptionSet.Format(m.Value)}"));
                output.WriteLine($"epoch {value.Epoch + 1}: loss {LearnOptionSet.Format(value.Loss)}, step {value.Step}/{value.TotalSteps}, " +
                                 $"lr {LearnOptionSet.Format(value.LearningRate)}, {value.Elapsed.TotalSeconds:0.0}s {metrics}".TrimEnd());
                break;
            case LearningEventKind.Reset or LearningEventKind.ObjectiveFailed:
                output.WriteLine($"{value.Kind}: {value.Message}");
                break;
        }
    }
}
