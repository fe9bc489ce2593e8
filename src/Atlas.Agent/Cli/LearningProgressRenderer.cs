using System.Globalization;
using Atlas.Engine.Learning;

namespace Atlas.Agent.Cli;

/// <summary>
/// Shows a learning run's progress on the command line. On a terminal it redraws one line in place (a bar with the
/// epoch, step, running loss and accuracy of the epoch, and the time left) and keeps one summary line per epoch; when
/// output is redirected (a log file, CI) it writes plain lines instead, one per <see cref="PlainInterval"/> and one per
/// epoch, so logs stay readable. Every learning command (finetune, the learn commands) reports through it.
/// </summary>
/// <remarks>Reports arrive synchronously on the learner's thread; the renderer is not thread-safe.</remarks>
internal sealed class LearningProgressRenderer : IProgress<LearningProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly string _label;
    private readonly int _totalEpochs;
    private readonly TimeProvider _time;
    private long _lastWrite = long.MinValue;
    private double _lossSum;
    private double _accuracySum;
    private int _steps;
    private int _accuracySteps;
    private int _lineLength;

    /// <param name="output">Where to write.</param>
    /// <param name="interactive">True to redraw a bar in place (a terminal); false for plain lines.</param>
    /// <param name="label">Prefix naming the run (e.g. the output file or the expert's name).</param>
    /// <param name="totalEpochs">Epochs of the run, for "epoch k/n".</param>
    /// <param name="time">Clock for throttling; the system clock when null.</param>
    public LearningProgressRenderer(TextWriter output, bool interactive, string label, int totalEpochs, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _interactive = interactive;
        _label = label;
        _totalEpochs = totalEpochs;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How often plain (redirected) output writes a step line. Default 10 s.</summary>
    public TimeSpan PlainInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A renderer for a command's output writer: a bar when that writer is the console and stdout is a terminal
    /// (<see cref="Console.IsOutputRedirected"/> is false), plain lines otherwise (redirected, or a test's writer).
    /// </summary>
    public static LearningProgressRenderer For(TextWriter output, string label, int totalEpochs) =>
        new(output, IsTerminal(output), label, totalEpochs);

    /// <summary>True when <paramref name="output"/> writes to a terminal.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public void Report(LearningProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case LearningEventKind.Step:
                _lossSum += value.Loss;
                _steps++;
                if (value.Metrics.TryGetValue("accuracy", out var accuracy))
                {
                    _accuracySum += accuracy;
                    _accuracySteps++;
                }
                MaybeWriteStep(value);
                break;
            case LearningEventKind.EpochCompleted:
                WriteLine(Invariant($"{_label}: epoch {value.Epoch + 1}/{_totalEpochs} done: loss {value.Loss:F4}{AccuracyText()}, {Clock(value.Elapsed)} elapsed"));
                _lossSum = _accuracySum = 0;
                _steps = _accuracySteps = 0;
                _lastWrite = long.MinValue; // show the next epoch's first step at once
                break;
            case LearningEventKind.Completed:
                WriteLine(Invariant($"{_label}: finished {value.Step} steps in {Clock(value.Elapsed)}"));
                break;
            default:
                WriteLine($"{_label}: {value.Message}");
                break;
        }
    }

    private void MaybeWriteStep(LearningProgress p)
    {
        long now = _time.GetTimestamp();
        var interval = _interactive ? RedrawInterval : PlainInterval;
        bool last = p.Step + 1 >= p.TotalSteps;
        if (_lastWrite != long.MinValue && _time.GetElapsedTime(_lastWrite, now) < interval && !last) return;
        _lastWrite = now;
        double fraction = p.TotalSteps == 0 ? 1 : (double)(p.Step + 1) / p.TotalSteps;
        var eta = fraction <= 0 ? TimeSpan.Zero : p.Elapsed * ((1 - fraction) / fraction);
        var stats = Invariant($"loss {_lossSum / _steps:F4}{AccuracyText()} lr {p.LearningRate:0.##e+0} eta {Clock(eta)}");
        if (_interactive)
        {
            int filled = (int)Math.Round(fraction * BarWidth);
            var bar = new string('#', filled) + new string('.', BarWidth - filled);
            var line = Invariant($"{_label} epoch {p.Epoch + 1}/{_totalEpochs} [{bar}] {fraction,4:P0} {p.Step + 1}/{p.TotalSteps} {stats}");
            _output.Write("\r" + line.PadRight(_lineLength));
            _lineLength = line.Length;
            _output.Flush();
        }
        else
        {
            _output.WriteLine(Invariant($"{_label}: epoch {p.Epoch + 1}/{_totalEpochs} step {p.Step + 1}/{p.TotalSteps} ({fraction:P0}) {stats}"));
        }
    }

    private void WriteLine(string line)
    {
        if (_interactive && _lineLength > 0)
        {
            _output.Write("\r" + line.PadRight(_lineLength) + Environment.NewLine);
            _lineLength = 0;
        }
        else
        {
            _output.WriteLine(line);
        }
        _output.Flush();
    }

    private string AccuracyText() => _accuracySteps == 0 ? "" : Invariant($" acc {_accuracySum / _accuracySteps:P1}");

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
