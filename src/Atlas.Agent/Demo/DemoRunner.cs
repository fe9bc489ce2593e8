using System.Diagnostics;
using System.Text.Json;
using Atlas.Agent.Adaptation;
using Atlas.Agent.Hosting;
using Atlas.Agent.Mqtt;
using Atlas.Engine.Data;
using Atlas.Engine.Evaluation;
using Atlas.Engine.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atlas.Agent.Demo;

/// <summary>
/// Runs <c>atlas demo</c>: hosts the agent in this process (embedded broker on a free loopback port, the sample's base
/// model and bank, a temporary state folder, automatic adaptation), connects a client that plays the camera and the
/// scorer, streams the phases while the view shows what happens, and returns the per-phase scores.
/// </summary>
internal sealed class DemoRunner(DemoOptions options, TextWriter output)
{
    private static readonly TimeSpan ViewInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public async Task<DemoReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var phases = options.Phases ?? DemoScenario.Default;
        var sample = Path.GetFullPath(options.SampleDirectory);
        var manifest = SampleManifest.Read(sample);
        var baseModel = Path.Combine(sample, manifest.BaseModel);
        var (frames, baseline) = await Task.Run(() => Prepare(manifest.TestDataSpec(sample), baseModel, phases, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var state = Path.Combine(Path.GetTempPath(), "atlas-demo-" + Guid.NewGuid().ToString("N")[..12]);
        var brokerPort = LoopbackPort.Free();
        int? webPort = options.Web ? LoopbackPort.Free() : null;
        var settings = DemoAgentSettings.Create(baseModel, Path.Combine(sample, manifest.Bank), brokerPort, state,
            options.EffectiveAdaptEveryFrames, Math.Max(200, options.EffectiveAdaptEveryFrames), webPort);
        try
        {
            output.WriteLine($"atlas demo: the agent serves {manifest.BaseModel} from {sample} with its bank of {manifest.Conditions.Count} task vectors, " +
                $"adapting every {options.EffectiveAdaptEveryFrames} frames; {phases.Count} phases of {options.PhaseFrames} frames at {options.FramesPerSecond} fps.");
            if (webPort is { } port) output.WriteLine($"status page: http://127.0.0.1:{port}/");
            using var host = AgentHostFactory.Build(null, [], settings);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await host.Services.GetRequiredService<MqttConnection>().WaitConnectedAsync(cancellationToken).ConfigureAwait(false);
                var adaptation = host.Services.GetRequiredService<IAdaptationService>();
                return await StreamAsync(brokerPort, frames, baseline, phases, adaptation, clock, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await host.StopAsync(stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            TryDelete(state);
        }
    }

    /// <summary>Each phase's frames (deterministic from the seed) and the base model's accuracy on them.</summary>
    private (ImageDataset[] Frames, double?[] Baseline) Prepare(string testData, string baseModel, IReadOnlyList<DemoPhase> phases, CancellationToken cancellationToken)
    {
        var images = DataSpec.Parse(testData).Load();
        var frames = phases.Select((phase, i) => DemoScenario.Frames(images, phase, i, options.PhaseFrames, options.Seed)).ToArray();
        var evaluator = new ModelEvaluator();
        var baseline = frames.Select(f => evaluator.Evaluate(baseModel, f, cancellationToken: cancellationToken).Accuracy).ToArray();
        return (frames, baseline);
    }

    private async Task<DemoReport> StreamAsync(int port, ImageDataset[] frames, double?[] baseline, IReadOnlyList<DemoPhase> phases,
        IAdaptationService adaptation, Stopwatch clock, CancellationToken cancellationToken)
    {
        var topics = new DemoTopics("atlas", DemoAgentSettings.Device);
        var scorer = new DemoScorer(phases);
        var feed = new DemoAgentFeed();
        var progress = new DemoProgress(phases, options.PhaseFrames);
        await using var client = await DemoClient.ConnectAsync(port, [topics.Predictions, topics.Truth, topics.Events, topics.Coefficients, topics.Replies],
            cancellationToken).ConfigureAwait(false);
        client.Received += (topic, json) => Route(topics, scorer, feed, clock, topic, json);

        var view = new DemoConsoleView(output, options.Live, progress, scorer, feed);
        using var viewStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var viewLoop = RefreshAsync(view, clock, viewStop.Token);
        try
        {
            await new SimulatedCamera(client, topics, frames, options.FramesPerSecond, phases, progress, () => scorer.Scored,
                () => feed.Accepted + feed.Rejected + feed.Failed > 0).RunAsync(cancellationToken).ConfigureAwait(false);
            var expected = progress.Sent;
            var drain = Stopwatch.StartNew();
            while (scorer.Scored < expected && drain.Elapsed < DrainTimeout) await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            // A round still running has its verdict reported (it can no longer change the scores).
            while (adaptation.State == "adapting" && drain.Elapsed < DrainTimeout) await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await viewStop.CancelAsync().ConfigureAwait(false);
            await viewLoop.ConfigureAwait(false);
        }
        view.Finish(clock.Elapsed);
        var results = scorer.Results().Select((r, i) => r with { BaseModel = baseline[i] }).ToArray();
        var report = new DemoReport(results, feed.Accepted, feed.Rejected, clock.Elapsed);
        output.WriteLine(DemoSummary.Table(report.Phases));
        output.WriteLine($"adaptation rounds: {report.Accepted} accepted, {report.Rejected} rejected; wall time {report.Elapsed.TotalSeconds:0.0} s.");
        return report;
    }

    private static void Route(DemoTopics topics, DemoScorer scorer, DemoAgentFeed feed, Stopwatch clock, string topic, JsonElement json)
    {
        if (topic == topics.Predictions)
        {
            if (!json.TryGetProperty("frameId", out var id) || !json.TryGetProperty("modelVersion", out var version)
                || !json.TryGetProperty("top", out var top) || top.GetArrayLength() == 0) return;
            feed.Served(version.GetString()!);
            scorer.Prediction(id.GetString()!, top[0].GetProperty("index").GetInt32(), version.GetString()!);
        }
        else if (topic == topics.Truth)
        {
            scorer.Truth(json.GetProperty("frameId").GetString()!, json.GetProperty("label").GetInt32(), json.GetProperty("phase").GetInt32());
        }
        else if (topic == topics.Events)
        {
            feed.Event(json, clock.Elapsed);
        }
        else if (topic == topics.Coefficients)
        {
            feed.Coefficient(json);
        }
    }

    private static async Task RefreshAsync(DemoConsoleView view, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ViewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) view.Update(clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            // The stream ended; Finish draws the last frame.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
