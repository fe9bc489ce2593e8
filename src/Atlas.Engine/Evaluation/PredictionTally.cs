using Atlas.Engine.Data;

namespace Atlas.Engine.Evaluation;

/// <summary>
/// Accumulates one row of class scores per image into the report's counts: top-1 prediction (first index on ties),
/// softmax confidence and entropy in double precision, and the confusion matrix.
/// </summary>
internal sealed class PredictionTally
{
    private readonly IReadOnlyList<int>? _labels;
    private readonly int[,] _confusion;
    private readonly int _classes;
    private double _confidenceSum;
    private double _entropySum;
    private int _seen;
    private int _correct;

    public PredictionTally(ImageDataset data, int classes)
    {
        _labels = data.Labels;
        _classes = classes;
        _confusion = new int[classes, classes];
    }

    /// <summary>Adds the scores of images [first, first + rows) of the dataset.</summary>
    public void Add(int first, ReadOnlySpan<float> scores, int rows)
    {
        Span<double> probabilities = _classes <= 1024 ? stackalloc double[_classes] : new double[_classes];
        for (var r = 0; r < rows; r++)
        {
            var row = scores.Slice(r * _classes, _classes);
            var predicted = Softmax(row, probabilities);
            _confidenceSum += probabilities[predicted];
            foreach (var p in probabilities)
            {
                if (p > 0)
                {
                    _entropySum -= p * Math.Log(p);
                }
            }
            if (_labels is not null)
            {
                var label = _labels[first + r];
                _confusion[label, predicted]++;
                if (label == predicted)
                {
                    _correct++;
                }
            }
            _seen++;
        }
    }

    public EvaluationReport ToReport(ImageDataset data, EvaluationOptions options)
    {
        var labeled = _labels is not null;
        var perClass = new List<ClassAccuracy>();
        var matrix = new List<IReadOnlyList<int>>();
        if (labeled)
        {
            for (var c = 0; c < _classes; c++)
            {
                var row = Enumerable.Range(0, _classes).Select(p => _confusion[c, p]).ToArray();
                matrix.Add(row);
                var name = data.ClassNames is { } names && c < names.Count ? names[c] : null;
                perClass.Add(new ClassAccuracy(c, name, row.Sum(), row[c]));
            }
        }
        return new EvaluationReport
        {
            ImageCount = _seen,
            ClassCount = _classes,
            Condition = options.Condition?.ToString() ?? "clean",
            Seed = options.Seed,
            Correct = _correct,
            Accuracy = labeled ? (double)_correct / _seen : null,
            MeanConfidence = _confidenceSum / _seen,
            MeanEntropy = _entropySum / _seen,
            PerClass = perClass,
            ConfusionMatrix = matrix,
        };
    }

    /// <summary>Writes softmax(row) into <paramref name="probabilities"/> and returns the arg-max.</summary>
    private static int Softmax(ReadOnlySpan<float> row, Span<double> probabilities)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }
        double max = row[best], sum = 0;
        for (var k = 0; k < row.Length; k++)
        {
            probabilities[k] = Math.Exp(row[k] - max);
            sum += probabilities[k];
        }
        for (var k = 0; k < row.Length; k++)
        {
            probabilities[k] /= sum;
        }
        return best;
    }
}
