namespace Atlas.Agent.Ingest;

/// <summary>One label of a prediction: the class index, its label and its softmax probability.</summary>
internal sealed record LabelScore(int Index, string Label, double Score);
