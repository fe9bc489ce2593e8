using static TorchSharp.torch;

namespace Atlas.Engine.Execution;

/// <summary>Executor-wide settings and state that kernels may need: device, float type, the dropout generator.</summary>
internal sealed class ExecutionEnvironment : IDisposable
{
    public ExecutionEnvironment(GraphExecutorOptions options)
    {
        Device = options.Device;
        FloatType = options.FloatType;
        if (options.DropoutSeed is { } seed)
            DropoutGenerator = new Generator(unchecked((ulong)seed), options.Device);
    }

    public Device Device { get; }

    /// <summary>The element type floating-point values are computed in (Float32 or Float64).</summary>
    public ScalarType FloatType { get; }

    /// <summary>Seeded generator for Dropout masks in training mode; null when no seed was configured.</summary>
    public Generator? DropoutGenerator { get; }

    public void Dispose() => DropoutGenerator?.Dispose();
}
