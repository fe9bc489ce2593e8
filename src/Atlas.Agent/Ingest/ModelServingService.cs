using System.Security.Cryptography;
using Atlas.Agent.Configuration;
using Atlas.Agent.Telemetry;
using Atlas.Engine.Imaging;
using Atlas.Engine.Inference;
using Atlas.Engine.Onnx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Ingest;

/// <summary>
/// At start, loads the configured model, checks that it is an image classifier the agent can serve
/// (one input [batch?, C, H, W] with C = 1 or 3), publishes it to the <see cref="InferenceHost"/> (built and warmed
/// before the agent subscribes to frames) and fills the <see cref="ModelCatalog"/>. A missing or unsuitable model
/// stops the start with an <see cref="AgentStartupException"/> that says how to fix it.
/// </summary>
internal sealed class ModelServingService(
    IOptions<ModelOptions> model, IOptions<IngestOptions> ingest, InferenceHost host, ModelCatalog catalog, EventPublisher events,
    ILogger<ModelServingService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = ResolveModelFile(model.Value);
        OnnxModel onnx;
        try
        {
            onnx = OnnxModel.Load(path);
        }
        catch (OnnxFormatException e)
        {
            throw new AgentStartupException($"The model file '{path}' could not be read: {e.Message}", e);
        }
        var version = "base-" + await HashPrefixAsync(path, cancellationToken).ConfigureAwait(false);
        ServedModelInfo info;
        try
        {
            info = await host.PublishAsync(ServedModelSpec.FromFile(path, version), cancellationToken).ConfigureAwait(false);
        }
        catch (InferenceException e)
        {
            throw new AgentStartupException($"The model '{path}' cannot be served: {e.Message}", e);
        }
        var shape = info.SampleShape;
        if (shape.Count != 3 || shape[0] is not (1 or 3) || shape[1] < 1 || shape[2] < 1)
        {
            throw new AgentStartupException(
                $"The model '{path}' has input '{info.InputName}' with sample shape [{string.Join(",", shape)}]; the agent serves image classifiers whose input is [C,H,W] with C = 1 or 3.");
        }
        ImagePreprocessingSpec spec;
        try
        {
            spec = ImagePreprocessingSpec.FromMetadata(onnx.Metadata, (int)shape[0], (int)shape[1], (int)shape[2]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new AgentStartupException($"The model '{path}' has unusable preprocessing metadata: {e.Message}", e);
        }
        var labels = ModelLabels.Read(onnx.Metadata, info.ClassCount, path);
        catalog.Set(new ServingModel(path, version, new FramePreprocessor(spec, ingest.Value.Limits), labels));
        AgentLog.ModelServing(logger, path, version, info.InputName, $"[{string.Join(",", shape)}]", info.ClassCount);
        events.Publish("model-published", new Dictionary<string, object?>
        {
            ["version"] = info.Version,
            ["path"] = path,
            ["shape"] = shape,
            ["classes"] = info.ClassCount,
            ["buildMilliseconds"] = Math.Round(info.BuildDuration.TotalMilliseconds, 1),
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The model file's full path; throws an <see cref="AgentStartupException"/> saying how to fix a missing file.</summary>
    public static string ResolveModelFile(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Path);
        if (File.Exists(path)) return path;
        throw new AgentStartupException(
            $"The model file '{options.Path}' does not exist (resolved to '{path}'). " +
            (options.Path == ModelOptions.SamplePath
                ? "The shipped sample lives in samples/fashion-camera/ of a source checkout: run from the repository root, or "
                : "") +
            "point the agent at an ONNX classifier with --model <path>, the setting Model:Path, or the environment variable ATLAS_MODEL__PATH.");
    }

    private static async Task<string> HashPrefixAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash)[..12];
        }
    }
}
