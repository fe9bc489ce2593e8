using System.Diagnostics;
using Atlas.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Atlas.Engine.Inference;

/// <summary>
/// Builds a <see cref="ServedModel"/> from a spec, entirely off the serving path: loads and validates, creates the
/// session options with providers and threads, hands over the composed weights as the
/// <see cref="InferenceWeightMode"/> says, builds the session, reads its signature and warms it up. Anything
/// created is disposed again if a step fails.
/// </summary>
internal sealed class ServedModelBuilder
{
    private readonly InferenceHostOptions _options;
    private readonly ExecutionProviderSelector _providers;
    private readonly InferenceHostMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly BakedModel _baked = new();
    private readonly OverridableModel _overridable = new();
    private readonly Lock _loadedLock = new();
    private (string Key, OnnxModel Model)? _lastLoaded;

    public ServedModelBuilder(InferenceHostOptions options, ExecutionProviderSelector providers, InferenceHostMetrics metrics, TimeProvider time)
    {
        _options = options;
        _providers = providers;
        _metrics = metrics;
        _time = time;
    }

    public ServedModel Build(ServedModelSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Version);
        var started = Stopwatch.GetTimestamp();
        var model = ResolveModel(spec);
        InitializerOverrideValidator.Validate(model, spec.InitializerOverrides, spec.Version);
        cancellationToken.ThrowIfCancellationRequested();

        SessionOptions? sessionOptions = null;
        InitializerBuffers? buffers = null;
        InferenceSession? session = null;
        ServedModel? served = null;
        try
        {
            sessionOptions = CreateSessionOptions(out var providers);
            var shared = _options.WeightMode == InferenceWeightMode.SharedInitializers && spec.InitializerOverrides.Count > 0;
            buffers = shared
                ? InitializerBuffers.Attach(sessionOptions, model, spec.InitializerOverrides, _metrics)
                : InitializerBuffers.None(_metrics);
            session = CreateSession(spec, model, sessionOptions, shared);
            var signature = ModelSignature.Read(session, spec.Version);
            var info = new ServedModelInfo(spec.Version, spec.Description, spec.CoefficientsReference, signature.InputName,
                signature.SampleShape, signature.OutputNames, signature.ClassCount, signature.DynamicBatch, providers,
                spec.InitializerOverrides.Count, _time.GetUtcNow(), TimeSpan.Zero);
            served = new ServedModel(session, sessionOptions, buffers, signature, info, _metrics);
            var classCount = WarmUp(served, cancellationToken);
            served.Info = info with
            {
                ClassCount = classCount,
                BuiltAt = _time.GetUtcNow(),
                BuildDuration = Stopwatch.GetElapsedTime(started),
            };
            return served;
        }
        catch
        {
            if (served is not null) served.Dispose();
            else
            {
                session?.Dispose();
                sessionOptions?.Dispose();
                buffers?.Dispose();
            }
            throw;
        }
    }

    private OnnxModel ResolveModel(ServedModelSpec spec)
    {
        if (spec.Model is not null && spec.ModelPath is not null)
            throw new InferenceException($"Model version '{spec.Version}' sets both ModelPath and Model; set one.");
        if (spec.Model is not null) return spec.Model;
        if (spec.ModelPath is null)
            throw new InferenceException($"Model version '{spec.Version}' sets neither ModelPath nor Model.");
        var full = Path.GetFullPath(spec.ModelPath);
        if (!File.Exists(full))
            throw new InferenceException($"The model file '{full}' of version '{spec.Version}' does not exist.");
        // Repeated publishes of the same base file (every new composition) reuse its parsed metadata.
        var key = full + "|" + File.GetLastWriteTimeUtc(full).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (_loadedLock)
        {
            if (_lastLoaded is { } last && last.Key == key) return last.Model;
            var model = OnnxModel.Load(full);
            _lastLoaded = (key, model);
            return model;
        }
    }

    private InferenceSession CreateSession(ServedModelSpec spec, OnnxModel model, SessionOptions sessionOptions, bool shared)
    {
        if (shared)
            return new InferenceSession(_overridable.GetBytes(model, spec.InitializerOverrides.Keys), sessionOptions);
        if (spec.InitializerOverrides.Count > 0)
            return new InferenceSession(_baked.GetBytes(model, spec.InitializerOverrides), sessionOptions);
        // The base model unchanged: straight from its file when it has one (ONNX Runtime resolves external data).
        var path = spec.ModelPath ?? model.FilePath;
        return path is not null
            ? new InferenceSession(path, sessionOptions)
            : new InferenceSession(_baked.GetBytes(model, spec.InitializerOverrides), sessionOptions);
    }

    private SessionOptions CreateSessionOptions(out IReadOnlyList<string> providers)
    {
        // Warnings off: ONNX Runtime warns for every overridable initializer, which OverridableModel creates on purpose.
        var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        try
        {
            options.GraphOptimizationLevel = _options.GraphOptimizationLevel switch
            {
                InferenceGraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                InferenceGraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                InferenceGraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            if (_options.IntraOpThreads > 0) options.IntraOpNumThreads = _options.IntraOpThreads;
            if (_options.InterOpThreads > 0) options.InterOpNumThreads = _options.InterOpThreads;
            providers = _providers.Apply(options, _options.EffectiveProviders, _options.StrictProviders);
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private int WarmUp(ServedModel served, CancellationToken cancellationToken)
    {
        var signature = served.Signature;
        var runs = Math.Max(_options.WarmupRuns, signature.ClassCount < 0 ? 1 : 0);
        // Alternate a single sample and a full batch, the two shapes serving sees most.
        var largest = signature.DynamicBatch ? _options.MaxBatchSize : 1;
        var input = new float[largest * signature.SampleLength];
        var logits = new float[largest][];
        var classCount = signature.ClassCount;
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = i % 2 == 0 ? 1 : largest;
            served.Run(input.AsMemory(0, batch * signature.SampleLength), batch, logits.AsSpan(0, batch));
            classCount = logits[0].Length;
        }
        return classCount;
    }
}
