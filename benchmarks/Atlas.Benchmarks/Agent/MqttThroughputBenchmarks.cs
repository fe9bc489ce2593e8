using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Atlas.Agent.Hosting;
using Atlas.Agent.Mqtt;
using Atlas.Engine.Imaging;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MQTTnet;
using MQTTnet.Formatter;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Atlas.Benchmarks.Agent;

/// <summary>
/// Frames per second through the whole agent (MQTT publish of a PNG frame → embedded broker → decode → inference →
/// prediction received by the publisher) against the same ONNX model run directly on ONNX Runtime at batch 1.
/// Each operation is one frame (<see cref="BenchmarkAttribute.OperationsPerInvoke"/>), so frames/s = 10⁹ / mean ns.
/// Run: <c>dotnet run -c Release --project benchmarks/Atlas.Benchmarks -- --filter '*MqttThroughput*'</c>.
/// </summary>
[Config(typeof(Config))]
public class MqttThroughputBenchmarks
{
    private const int Frames = 200;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
    private string _folder = null!;
    private IHost _agent = null!;
    private IMqttClient _client = null!;
    private InferenceSession _session = null!;
    private FramePreprocessor _preprocessor = null!;
    private byte[] _png = null!;
    private DenseTensor<float> _sample = null!;
    private string _inputName = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).GetAwaiter().GetResult();
        _client.Dispose();
        _agent.StopAsync().GetAwaiter().GetResult();
        _agent.Dispose();
        _session.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames, Description = "ONNX Runtime direct, batch 1 (preprocessed)")]
    public float DirectOnnxRuntime()
    {
        var sum = 0f;
        for (var i = 0; i < Frames; i++)
        {
            using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, _sample)]);
            sum += results[0].AsEnumerable<float>().First();
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Decode PNG + ONNX Runtime direct, batch 1")]
    public float DirectDecodeAndOnnxRuntime()
    {
        var sum = 0f;
        for (var i = 0; i < Frames; i++)
        {
            var sample = _preprocessor.DecodeImage(_png);
            using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, new DenseTensor<float>(sample, [1, 1, 28, 28]))]);
            sum += results[0].AsEnumerable<float>().First();
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Agent over MQTT, one frame in flight")]
    public async Task AgentOneInFlight()
    {
        for (var i = 0; i < Frames; i++) await PublishAsync();
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Agent over MQTT, all frames in flight")]
    public async Task AgentPipelined()
    {
        var pending = new Task[Frames];
        for (var i = 0; i < Frames; i++) pending[i] = PublishAsync();
        await Task.WhenAll(pending);
    }

    private Task PublishAsync()
    {
        var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = done;
        var message = new MqttApplicationMessageBuilder().WithTopic("atlas/bench/frames/cam").WithPayload(_png)
            .WithUserProperty("frame-id", new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(id))).Build();
        return PublishAndWaitAsync(message, done.Task);
    }

    private async Task PublishAndWaitAsync(MqttApplicationMessage message, Task done)
    {
        await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
        await done.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("atlas-bench-").FullName;
        var model = AgentBenchmarkModel.Resolve(_folder);
        var port = FreePort();
        _agent = AgentHostFactory.Build(null, [], new Dictionary<string, string?>
        {
            ["Model:Path"] = model,
            ["Mqtt:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agent:DeviceId"] = "bench",
            ["Agent:StateDirectory"] = Path.Combine(_folder, "state"),
            ["Runtime:LogLevel"] = "Warning",
            ["Runtime:MetricsIntervalSeconds"] = "3600",
            ["Ingest:QueueCapacity"] = "1024",
        });
        await _agent.StartAsync().ConfigureAwait(false);
        await _agent.Services.GetRequiredService<MqttConnection>().WaitConnectedAsync(CancellationToken.None).ConfigureAwait(false);

        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            using var json = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
            if (_waiting.TryRemove(json.RootElement.GetProperty("frameId").GetString()!, out var done)) done.TrySetResult();
            return Task.CompletedTask;
        };
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).Build()).ConfigureAwait(false);
        await _client.SubscribeAsync("atlas/bench/predictions/#").ConfigureAwait(false);

        using (var image = new Image<L8>(28, 28))
        {
            for (var y = 0; y < 28; y++)
                for (var x = 0; x < 28; x++) image[x, y] = new L8((byte)((x * 9) ^ (y * 7)));
            using var stream = new MemoryStream();
            image.SaveAsPng(stream);
            _png = stream.ToArray();
        }
        _session = new InferenceSession(model);
        _inputName = _session.InputMetadata.Keys.First();
        _preprocessor = new FramePreprocessor(ImagePreprocessingSpec.FromMetadata(Atlas.Engine.Onnx.OnnxModel.Load(model).Metadata, 1, 28, 28), new FrameDecodeLimits());
        _sample = new DenseTensor<float>(_preprocessor.DecodeImage(_png), [1, 1, 28, 28]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8));
    }
}
