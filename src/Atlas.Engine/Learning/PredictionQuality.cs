namespace Atlas.Engine.Learning;

/// <summary>How a set of weights does on a dataset: accuracy (when labeled) and label-free statistics.</summary>
/// <param name="Accuracy">Top-1 accuracy in [0, 1]; NaN when the data has no labels.</param>
/// <param name="MeanEntropy">Mean prediction entropy in nats.</param>
/// <param name="MeanConfidence">Mean top-1 softmax probability.</param>
/// <param name="PredictedClassHistogram">How many samples were predicted as each class.</param>
public sealed record PredictionQuality(double Accuracy, double MeanEntropy, double MeanConfidence, int[] PredictedClassHistogram);
