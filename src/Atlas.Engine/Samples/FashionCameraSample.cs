namespace Atlas.Engine.Samples;

/// <summary>
/// The shipped scenario: a small CNN on Fashion-MNIST, pretrained on clean images, with one expert per camera condition
/// in a task-vector bank and a labeled test subset, written to <c>samples/fashion-camera</c> so a new user sees Atlas
/// work without a build step. <see cref="Build"/> makes it reproducibly (fixed seeds); <see cref="Evaluate"/> measures
/// it for <c>docs/results.md</c>.
/// </summary>
/// <remarks>Synchronous (TorchSharp dispose scopes are per thread): call from a worker thread in async code.</remarks>
public static class FashionCameraSample
{
    /// <summary>The default evaluation data: the whole 10k Fashion-MNIST test split.</summary>
    public const string FullTestSet = "fashion-mnist:test";

    /// <summary>Builds the sample into <see cref="SampleBuildOptions.OutputDirectory"/>, replacing a previous sample there.</summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    /// <exception cref="Training.TrainingException">The output folder holds something that is not a sample, or training failed.</exception>
    public static SampleManifest Build(SampleBuildOptions options, SampleBuildObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SampleBuilder(options, observer ?? new SampleBuildObserver()).Build(cancellationToken);
    }

    /// <summary>
    /// Accuracy of the base (clean and under every condition) and of each expert under its own condition, on
    /// <paramref name="dataSpec"/>, with the conditions seeded by the manifest's evaluation seed.
    /// </summary>
    public static SampleResults Evaluate(string sampleDirectory, string dataSpec = FullTestSet, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sampleDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSpec);
        return SampleEvaluator.Evaluate(sampleDirectory, dataSpec, cancellationToken);
    }

    /// <summary>The results as the markdown of <c>docs/results.md</c>, naming the command that produced them.</summary>
    public static string ToMarkdown(SampleResults results, string sampleDirectory, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        return ResultsMarkdown.Write(results, sampleDirectory, command);
    }
}
