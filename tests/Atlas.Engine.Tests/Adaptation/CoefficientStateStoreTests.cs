using Atlas.Engine.Adaptation;
using Atlas.Engine.Composition;
using Atlas.Engine.Tests.Data;

namespace Atlas.Engine.Tests.Adaptation;

public sealed class CoefficientStateStoreTests : IDisposable
{
    private const string BankA = "sha256:aaaa";
    private const string BankB = "sha256:bbbb";
    private readonly TempDirectory _dir = new();
    private readonly StepClock _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private CoefficientStateStore Open(int retain = 10) => new(_dir.Path, retain, _clock);

    private static CoefficientSet Set(string bank, float value) =>
        new(bank, Granularity.Parse("block"), ["fog", "dark"], ["w", "b"], [[value, -value], [value / 2, 0.25f]]);

    [Fact]
    public void AcceptThenReopen_RoundTripsCoefficientsAndIndex()
    {
        var store = Open();
        var first = store.Accept(Set(BankA, 0.1f));
        var second = store.Accept(Set(BankA, 0.2f));

        var reopened = Open();
        var latest = reopened.LatestFor(BankA);

        Assert.Equal([1, 2], reopened.Versions.Select(v => v.Version));
        Assert.Equal(first.AcceptedAt.AddMinutes(1), second.AcceptedAt);
        Assert.Equal(second, reopened.Versions[^1]);
        Assert.NotNull(latest);
        Assert.Equal(2, latest.Version.Version);
        Assert.Equal(Set(BankA, 0.2f).Values, latest.Coefficients.Values);
        Assert.Equal(["fog", "dark"], latest.Coefficients.TaskVectors);
        Assert.Empty(latest.Skipped);
        Assert.Equal(1, reopened.Previous(BankA)!.Version.Version);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "coefficients", "000002.json")));
    }

    [Fact]
    public void Retention_KeepsLastN_AndDeletesOlderFiles()
    {
        var store = Open(retain: 3);
        for (int i = 1; i <= 5; i++) store.Accept(Set(BankA, i));

        Assert.Equal([3, 4, 5], store.Versions.Select(v => v.Version));
        Assert.Equal(["000003.json", "000004.json", "000005.json"],
            Directory.GetFiles(Path.Combine(_dir.Path, "coefficients")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([3, 4, 5], Open(retain: 3).Versions.Select(v => v.Version));
    }

    [Fact]
    public void OtherBankHash_GivesNull_AndLatestForSkipsOtherBanks()
    {
        var store = Open();
        Assert.Null(store.LatestFor(BankA));
        store.Accept(Set(BankA, 0.1f));
        store.Accept(Set(BankB, 0.9f));

        Assert.Null(store.LatestFor("sha256:cccc"));
        Assert.Equal(1, store.LatestFor(BankA)!.Version.Version);
        Assert.Null(store.Previous(BankA));
        Assert.Equal(BankB, store.LatestFor(BankB)!.Coefficients.BankHash);
    }

    [Fact]
    public void CrashBeforeIndexRename_KeepsLastAcceptedVersion()
    {
        var store = Open();
        store.Accept(Set(BankA, 0.1f));
        // A crash during the next acceptance: its coefficient file (and a temporary of it) is on disk, the new index only
        // exists as a half-written temporary, and accepted.json was never replaced.
        var coefficients = Path.Combine(_dir.Path, "coefficients");
        CoefficientFile.Write(Path.Combine(coefficients, "000002.json"), Set(BankA, 0.7f));
        File.WriteAllText(Path.Combine(coefficients, "000003.json.tmp-4242"), "{ \"format\": ");
        File.WriteAllText(Path.Combine(_dir.Path, "accepted.json.tmp-4242"), "{ \"format\": \"atlas.adaptation-state/1\", \"vers");

        var restarted = Open();
        var latest = restarted.LatestFor(BankA);

        Assert.Equal([1], restarted.Versions.Select(v => v.Version));
        Assert.Equal(Set(BankA, 0.1f).Values, latest!.Coefficients.Values);
        // The half-written temporaries are removed when the store opens, never read as versions.
        Assert.False(File.Exists(Path.Combine(coefficients, "000003.json.tmp-4242")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "accepted.json.tmp-4242")));
        // The next acceptance takes the orphan's number and replaces it.
        Assert.Equal(2, restarted.Accept(Set(BankA, 0.3f)).Version);
        Assert.Equal(Set(BankA, 0.3f).Values, Open().LatestFor(BankA)!.Coefficients.Values);
    }

    [Fact]
    public void CorruptVersionFile_IsSkippedAndReported_FallingBackToPrevious()
    {
        var store = Open();
        store.Accept(Set(BankA, 0.1f));
        var broken = store.Accept(Set(BankA, 0.2f));
        File.WriteAllText(store.PathOf(broken), "{ \"format\": \"atlas.coefficients/1\", \"bankHash\": ");

        var latest = Open().LatestFor(BankA);

        Assert.NotNull(latest);
        Assert.Equal(1, latest.Version.Version);
        var reason = Assert.Single(latest.Skipped);
        Assert.Contains("version 2", reason, StringComparison.Ordinal);
        Assert.Contains("000002.json", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RollBack_WithdrawsNewestForTheBank_AndSurvivesReopen()
    {
        var store = Open();
        store.Accept(Set(BankA, 0.1f));
        store.Accept(Set(BankB, 0.5f));
        var bad = store.Accept(Set(BankA, 0.2f));

        var now = store.RollBack(BankA);

        Assert.Equal(1, now!.Version.Version);
        Assert.False(File.Exists(store.PathOf(bad)));
        Assert.Equal([1, 2], Open().Versions.Select(v => v.Version));
        Assert.Equal(Set(BankA, 0.1f).Values, Open().LatestFor(BankA)!.Coefficients.Values);
        Assert.Null(store.RollBack(BankA));
        Assert.Null(store.LatestFor(BankA));
        Assert.Null(store.RollBack(BankA));
        Assert.Equal(2, store.LatestFor(BankB)!.Version.Version);
        // Numbers are never reused while the index names a higher one.
        Assert.Equal(3, store.Accept(Set(BankA, 0.3f)).Version);
    }

    [Fact]
    public void CorruptIndex_ThrowsNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "accepted.json"), "not json");
        var error = Assert.Throws<AdaptationStateException>(() => Open());
        Assert.Contains("accepted.json", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A clock that advances one minute each time it is read.</summary>
    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow()
        {
            var now = _now;
            _now = _now.AddMinutes(1);
            return now;
        }
    }
}
