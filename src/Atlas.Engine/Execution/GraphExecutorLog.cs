using Microsoft.Extensions.Logging;

namespace Atlas.Engine.Execution;

/// <summary>Log events of the graph executor (event ids 3100–3199).</summary>
internal static partial class GraphExecutorLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug,
        Message = "Prepared graph {Graph} (opset {Opset}) on {Device}: {NodeCount} nodes in {StepCount} steps, {FusedCount} fused GroupNorm chains, {InitializerCount} initializers")]
    public static partial void Prepared(ILogger logger, string graph, long opset, TorchSharp.torch.Device device, int nodeCount, int stepCount, int fusedCount, int initializerCount);
}
