using Atlas.Agent.Ingest;
using Atlas.Engine.Imaging;
using Atlas.Engine.Tests.Fuzzing;
using Xunit.Abstractions;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>
/// Unit-level fuzz of the frame path the serving loop runs: <see cref="FrameMessageReader"/> turns a hostile MQTT
/// message into a <see cref="Frame"/> without throwing, and decoding it as the <see cref="InferenceWorker"/> does either
/// yields a finite 1×28×28 sample or fails with <see cref="FrameDecodeException"/>; a frame that certainly cannot be
/// served is never accepted. Budget: <c>ATLAS_FUZZ_SECONDS</c> (default 2 s).
/// </summary>
public sealed class FrameReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly FramePreprocessor Preprocessor =
        new(new ImagePreprocessingSpec(1, 28, 28, [0.25f], [0.5f]), new FrameDecodeLimits { MaxPayloadBytes = HostileFrames.MaxPayloadBytes });

    [Fact]
    public async Task HostileFrameMessages_ReadWithoutThrowingAndDecodeOrFailWithFrameDecodeException()
    {
        var target = new FuzzTarget<HostileFrame>
        {
            Name = "frame-reader",
            Generate = HostileFrames.Generate,
            Run = ReadAndDecode,
            IsDomainError = e => e is FrameDecodeException,
            ToBytes = frame => frame.Payload,
        };

        var report = await Fuzzer.RunAsync(target, FuzzBudget.FromEnvironment(2, 150), output.WriteLine);

        Assert.True(report.Accepted > 0, report.ToString());
        Assert.True(report.Rejected > report.Iterations / 3, report.ToString());
    }

    private static void ReadAndDecode(HostileFrame hostile)
    {
        var frame = FrameMessageReader.Read(hostile.ToMessage("atlas/test-device/frames/cam1"), "cam1", 0);
        if (frame.Payload.Length != hostile.Payload.Length || string.IsNullOrEmpty(frame.FrameId))
            throw new InvalidOperationException($"The reader returned {frame.Payload.Length} payload bytes of {hostile.Payload.Length}, frame id '{frame.FrameId}'.");
        var sample = frame.IsTensor ? Preprocessor.DecodeTensor(frame.Payload, frame.Shape) : Preprocessor.DecodeImage(frame.Payload);
        if (hostile.KnownBad)
            throw new InvalidOperationException("A frame that cannot be served was accepted.");
        if (sample.Length != 784 || !sample.All(float.IsFinite))
            throw new InvalidOperationException($"Decoded {sample.Length} values (expected 784), finite: {sample.All(float.IsFinite)}.");
    }
}
