namespace Atlas.Engine.Plugins;

/// <summary>
/// Where plugins come from and how they are run. Plugins are loaded only from the local directories listed here
/// (each holding one sub-folder per plugin, <c>&lt;dir&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>); nothing is ever fetched.
/// </summary>
public sealed class PluginOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Plugins";

    /// <summary>
    /// Local directories to search, absolute or relative to the working directory. Empty (the default) means
    /// <see cref="DefaultDirectories"/>: <c>plugins/</c> beside the executable, and the repository's
    /// <c>artifacts/plugins/</c> when running from a source checkout.
    /// </summary>
    public IList<string> Directories { get; } = [];

    /// <summary>
    /// The longest one objective step may take before the objective is disabled for the run; <see langword="null"/>
    /// (the default) for no limit. Checked when the step returns and, by a watchdog, while it runs
    /// (<see cref="GuardedObjective.CheckStepOverrun"/>): a step cannot be interrupted, but its run can be abandoned.
    /// </summary>
    public TimeSpan? StepTimeout { get; set; }

    /// <summary>
    /// The directories searched when <see cref="Directories"/> is empty: <c>&lt;app&gt;/plugins</c> (a published app)
    /// and <c>&lt;repo&gt;/artifacts/plugins</c> of the nearest ancestor of <paramref name="baseDirectory"/> holding
    /// <c>Atlas.sln</c> (a build from source).
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories(string? baseDirectory = null)
    {
        var start = Path.GetFullPath(baseDirectory ?? AppContext.BaseDirectory);
        var directories = new List<string> { Path.Combine(start, "plugins") };
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Atlas.sln")))
            {
                directories.Add(Path.Combine(directory.FullName, "artifacts", "plugins"));
                break;
            }
        }
        return directories;
    }

    /// <summary>The full paths to search: <see cref="Directories"/>, or the defaults when it is empty.</summary>
    public IReadOnlyList<string> ResolveDirectories() =>
        Directories.Count == 0 ? DefaultDirectories() : [.. Directories.Select(d => Path.GetFullPath(d))];

    /// <summary>Every problem with these options, each naming the setting and its value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < Directories.Count; i++)
        {
            var directory = Directories[i];
            if (string.IsNullOrWhiteSpace(directory))
            {
                errors.Add($"{SectionName}:{nameof(Directories)}:{i} is empty");
            }
            else if (directory.Contains("://", StringComparison.Ordinal) || directory.StartsWith(@"\\", StringComparison.Ordinal) || directory.StartsWith("//", StringComparison.Ordinal))
            {
                errors.Add($"{SectionName}:{nameof(Directories)}:{i} is '{directory}', but plugins load only from local directories (no URLs or network shares)");
            }
        }
        if (StepTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(StepTimeout)} is {timeout}, expected a positive duration or none");
        }
        return errors;
    }
}
