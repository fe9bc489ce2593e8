namespace Atlas.Agent.Ingest;

/// <summary>
/// Holds the <see cref="ServingModel"/> once <see cref="ModelServingService"/> has published it; read by the
/// inference worker, status and commands. The adaptation service publishes compositions through the inference
/// host directly; the base model here stays the same.
/// </summary>
internal sealed class ModelCatalog
{
    private volatile ServingModel? _current;

    public ServingModel? Current => _current;

    public ServingModel Required => _current ?? throw new InvalidOperationException("No model is being served yet.");

    internal void Set(ServingModel model) => _current = model;
}
