using Atlas.Engine.Imaging;

namespace Atlas.Agent.Ingest;

/// <summary>
/// The base model the agent serves and what serving it needs besides the inference host: the file, how frames are
/// preprocessed for it, and its class labels. Compositions published later (adaptation) keep all three.
/// </summary>
/// <param name="Path">The model file.</param>
/// <param name="BaseVersion">The version the base model was published with (a prefix of its SHA-256).</param>
/// <param name="Preprocessor">Frame bytes to the model's input sample.</param>
/// <param name="Labels">One label per class: the model's <c>atlas.labels</c> metadata, or the class indices.</param>
internal sealed record ServingModel(string Path, string BaseVersion, FramePreprocessor Preprocessor, IReadOnlyList<string> Labels);
