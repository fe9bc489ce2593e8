namespace Atlas.Agent.Mqtt.Access;

/// <summary>
/// Set algebra on MQTT topic filters (<c>+</c> one level, <c>#</c> this level and everything below), to decide a
/// subscription by what it could ever receive: whether one filter covers every topic of another, and whether two
/// filters share any topic.
/// </summary>
internal static class TopicFilters
{
    private const string SharePrefix = "$share/";

    /// <summary>The filter a shared subscription (<c>$share/&lt;group&gt;/&lt;filter&gt;</c>) reads; other filters unchanged.</summary>
    public static string WithoutShare(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal)) return filter;
        var slash = filter.IndexOf('/', SharePrefix.Length);
        return slash < 0 ? "" : filter[(slash + 1)..];
    }

    /// <summary>True when every topic that <paramref name="filter"/> matches is also matched by <paramref name="pattern"/>.</summary>
    public static bool Covers(string pattern, string filter)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(filter);
        var p = pattern.Split('/');
        var f = filter.Split('/');
        for (var i = 0; ; i++)
        {
            if (i < p.Length && p[i] == "#") return true;
            if (i == f.Length) return i == p.Length;
            if (i == p.Length || f[i] == "#") return false;
            if (f[i] == "+" ? p[i] != "+" : p[i] != "+" && p[i] != f[i]) return false;
        }
    }

    /// <summary>True when at least one topic is matched by both filters.</summary>
    public static bool Overlaps(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = first.Split('/');
        var b = second.Split('/');
        for (var i = 0; ; i++)
        {
            var aEnded = i == a.Length;
            var bEnded = i == b.Length;
            if ((!aEnded && a[i] == "#") || (!bEnded && b[i] == "#")) return true;
            if (aEnded || bEnded) return aEnded && bEnded;
            if (a[i] != "+" && b[i] != "+" && a[i] != b[i]) return false;
        }
    }
}
