using Microsoft.Extensions.Logging;

namespace Atlas.Engine.Bank;

/// <summary>Log events of the bank editor (event ids 4001-4099 belong to the bank).</summary>
internal static partial class BankLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Created bank {Directory} with base model {BaseModel} (SHA-256 {Sha256})")]
    public static partial void BankCreated(ILogger logger, string directory, string baseModel, string sha256);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Added task vector {Name} ({Kind}, {DType}) to {Directory}: {BlockCount} block(s), {Bytes} bytes")]
    public static partial void TaskVectorAdded(ILogger logger, string name, string kind, string dtype, string directory, int blockCount, long bytes);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Removed task vector {Name} from {Directory}")]
    public static partial void TaskVectorRemoved(ILogger logger, string name, string directory);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Removed {Count} temporary file(s) left in {Directory} by an interrupted write: {Files}")]
    public static partial void TemporaryFilesRemoved(ILogger logger, int count, string directory, string files);
}
