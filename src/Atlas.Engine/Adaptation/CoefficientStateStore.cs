using Atlas.Engine.Composition;
using Atlas.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atlas.Engine.Adaptation;

/// <summary>
/// The accepted coefficient versions of on-device adaptation, kept in a state directory so they survive restarts:
/// <c>&lt;dir&gt;/coefficients/&lt;version&gt;.json</c> (one <see cref="CoefficientFile"/> each) and <c>&lt;dir&gt;/accepted.json</c>,
/// the ordered index. A version counts only once the index names it, and both are written through
/// <see cref="DurableFile"/> (temporary file, fsync, rename, folder fsync), so a crash or power loss at any point leaves
/// the last accepted version in force; temporary files a killed process left are removed when the store opens and are
/// never read as versions. A write that fails (disk full, read-only folder) throws an
/// <see cref="AdaptationStateException"/> naming the folder and the operating system's error and changes nothing in
/// memory, so the caller can keep serving what it served. Reads pass over a damaged version file and fall back to the one
/// before it. One store instance should own a directory; its methods are thread-safe.
/// </summary>
public sealed partial class CoefficientStateStore
{
    private readonly Lock _gate = new();
    private readonly string _indexPath;
    private readonly string _coefficientsDirectory;
    private readonly int _retain;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private List<AcceptedVersion> _versions;

    /// <summary>Opens (or starts) the state in <paramref name="directory"/>.</summary>
    /// <param name="directory">The state directory; created when missing.</param>
    /// <param name="retain">How many accepted versions to keep; older files are deleted.</param>
    /// <param name="timeProvider">Clock for acceptance timestamps; null uses the system clock.</param>
    /// <param name="logger">Receives warnings about damaged versions; null discards them.</param>
    /// <exception cref="AdaptationStateException">The index exists but cannot be read.</exception>
    public CoefficientStateStore(string directory, int retain = 10, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retain);
        Directory = Path.GetFullPath(directory);
        _coefficientsDirectory = Path.Combine(Directory, "coefficients");
        _indexPath = Path.Combine(Directory, "accepted.json");
        _retain = retain;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        System.IO.Directory.CreateDirectory(_coefficientsDirectory);
        foreach (var leftover in DurableFile.RemoveLeftovers(Directory).Concat(DurableFile.RemoveLeftovers(_coefficientsDirectory)))
            LogLeftoverRemoved(_logger, leftover);
        _versions = AcceptedIndexFile.Read(_indexPath);
    }

    /// <summary>The state directory.</summary>
    public string Directory { get; }

    /// <summary>The accepted versions still retained, oldest first.</summary>
    public IReadOnlyList<AcceptedVersion> Versions { get { lock (_gate) return _versions.ToArray(); } }

    /// <summary>The path of a version's coefficient file.</summary>
    public string PathOf(AcceptedVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Path.Combine(_coefficientsDirectory, version.FileName);
    }

    /// <summary>
    /// Records <paramref name="coefficients"/> as the newest accepted version: writes its file, then the index that names
    /// it, then deletes versions beyond the retention count.
    /// </summary>
    public AcceptedVersion Accept(CoefficientSet coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        lock (_gate)
        {
            var version = new AcceptedVersion(_versions.Count == 0 ? 1 : _versions.Max(v => v.Version) + 1, coefficients.BankHash, _time.GetUtcNow());
            var path = PathOf(version);
            try
            {
                CoefficientFile.Write(path, coefficients);
                var updated = _versions.Append(version).ToList();
                var dropped = updated.Take(Math.Max(0, updated.Count - _retain)).ToArray();
                updated.RemoveRange(0, dropped.Length);
                AcceptedIndexFile.Write(_indexPath, updated);
                _versions = updated;
                foreach (var old in dropped) File.Delete(PathOf(old));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AdaptationStateException($"Accepting version {version.Version} into '{Directory}' failed: {e.Message}", Directory, e);
            }
            return version;
        }
    }

    /// <summary>
    /// The newest readable version learned on <paramref name="bankHash"/>, or null when there is none (run the base model,
    /// λ = 0). Versions for another bank are never returned: their coefficients index other task vectors.
    /// </summary>
    public StoredCoefficients? LatestFor(string bankHash) => ReadableFor(bankHash).FirstOrDefault();

    /// <summary>
    /// The readable version before <see cref="LatestFor"/> for <paramref name="bankHash"/>, for rolling back a version that
    /// turned out worse in use; null when there is none.
    /// </summary>
    public StoredCoefficients? Previous(string bankHash) => ReadableFor(bankHash).Skip(1).FirstOrDefault();

    /// <summary>
    /// Withdraws the newest version for <paramref name="bankHash"/> (the <c>rollback</c> command): removes it from the
    /// index, so the rollback survives a restart, then deletes its file. Returns what is now <see cref="LatestFor"/>
    /// (null: the base model), or null without change when there was no version to withdraw.
    /// </summary>
    public StoredCoefficients? RollBack(string bankHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bankHash);
        lock (_gate)
        {
            var newest = _versions.LastOrDefault(v => string.Equals(v.BankHash, bankHash, StringComparison.Ordinal));
            if (newest is null) return null;
            var updated = _versions.Where(v => v != newest).ToList();
            try
            {
                AcceptedIndexFile.Write(_indexPath, updated);
                _versions = updated;
                File.Delete(PathOf(newest));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AdaptationStateException($"Rolling back version {newest.Version} in '{Directory}' failed: {e.Message}", Directory, e);
            }
        }
        return LatestFor(bankHash);
    }

    private IEnumerable<StoredCoefficients> ReadableFor(string bankHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bankHash);
        var candidates = Versions.Where(v => string.Equals(v.BankHash, bankHash, StringComparison.Ordinal)).Reverse();
        var skipped = new List<string>();
        foreach (var version in candidates)
        {
            var path = PathOf(version);
            CoefficientSet set;
            try
            {
                set = CoefficientFile.Read(path);
            }
            catch (Exception e) when (e is CompositionException or IOException or UnauthorizedAccessException)
            {
                Skip(skipped, version, e.Message);
                continue;
            }
            if (!string.Equals(set.BankHash, bankHash, StringComparison.Ordinal))
            {
                Skip(skipped, version, $"file '{path}' names bank {set.BankHash}, the index {version.BankHash}");
                continue;
            }
            yield return new StoredCoefficients(version, set, skipped.ToArray());
        }
    }

    private void Skip(List<string> skipped, AcceptedVersion version, string why)
    {
        skipped.Add($"version {version.Version}: {why}");
        LogSkipped(_logger, version.Version, why);
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Removed {Path}, the temporary file of a write that did not finish (the process stopped during it)")]
    private static partial void LogLeftoverRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "Skipping accepted coefficient version {Version}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, int version, string reason);
}
