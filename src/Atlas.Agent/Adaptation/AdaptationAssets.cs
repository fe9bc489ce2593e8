using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Adaptation;

/// <summary>
/// The lifecycle of the served model and the bank adaptation composes: loaded and validated once at start
/// (<see cref="Load"/>) and kept in memory, so a round never re-reads files that may have changed or been damaged since;
/// re-read only on the <c>reload</c> command (<see cref="Reload"/>), which swaps the new pair in only when every check
/// passes and otherwise leaves the pair in force untouched.
/// </summary>
/// <remarks>
/// Not thread-safe on its own: the adaptation service calls <see cref="Reload"/> under the same gate as rounds and swaps,
/// so the composition a round uses is never disposed under it.
/// </remarks>
internal sealed partial class AdaptationAssets(IOptions<AdaptationOptions> options, ILogger<AdaptationAssets> logger) : IDisposable
{
    private AssetSet? _current;

    /// <summary>The pair in force.</summary>
    public AssetSet Current => _current ?? throw new InvalidOperationException("The adaptation model and bank are not loaded yet.");

    /// <summary>Loads and validates the pair at start.</summary>
    /// <exception cref="AssetValidationException">The model or bank is unusable; the agent must not start with it.</exception>
    public AssetSet Load(string modelPath)
    {
        var set = AssetSet.Load(modelPath, options.Value.Bank!, options.Value.Exclude);
        _current?.Dispose();
        _current = set;
        return set;
    }

    /// <summary>
    /// Re-reads the model at <paramref name="modelPath"/> and the configured bank, validates them, and swaps them in when
    /// they differ from the pair in force. Returns whether anything changed.
    /// </summary>
    /// <exception cref="AssetValidationException">A check failed; the pair in force stays.</exception>
    public bool Reload(string modelPath)
    {
        var current = Current;
        AssetSet fresh;
        try
        {
            fresh = AssetSet.Load(modelPath, options.Value.Bank!, options.Value.Exclude);
        }
        catch (AssetValidationException e)
        {
            Log.ReloadRefused(logger, e.Message);
            throw;
        }
        if (current.SameAs(fresh))
        {
            fresh.Dispose();
            Log.ReloadUnchanged(logger, current.ModelPath, current.BankHash);
            return false;
        }
        var incompatible = current.ServingIncompatibilities(fresh);
        if (incompatible.Count > 0)
        {
            fresh.Dispose();
            var error = new AssetValidationException(incompatible);
            Log.ReloadRefused(logger, error.Message);
            throw error;
        }
        _current = fresh;
        current.Dispose();
        Log.Reloaded(logger, fresh.ModelPath, fresh.BaseVersion, fresh.BankHash);
        return true;
    }

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1950, Level = LogLevel.Error, Message = "Reload refused; the model and bank in force stay: {Problems}")]
        public static partial void ReloadRefused(ILogger logger, string problems);

        [LoggerMessage(EventId = 1951, Level = LogLevel.Information, Message = "Reload: model {Path} and bank {Hash} are unchanged and valid")]
        public static partial void ReloadUnchanged(ILogger logger, string path, string hash);

        [LoggerMessage(EventId = 1952, Level = LogLevel.Information, Message = "Reloaded model {Path} ({Version}) and bank {Hash}")]
        public static partial void Reloaded(ILogger logger, string path, string version, string hash);
    }
}
