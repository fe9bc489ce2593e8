namespace Atlas.Plugins.Tests;

/// <summary>Where the repository's build puts plugins, found from the test assembly's location.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Built-in plugins (plugins/*), as the agent finds them in a source checkout.</summary>
    public static string BuiltInPlugins => Path.Combine(RepositoryRoot, "artifacts", "plugins");

    /// <summary>Test-only plugins (tests/TestPlugins/*).</summary>
    public static string TestPlugins => Path.Combine(RepositoryRoot, "artifacts", "test-plugins");

    /// <summary>A folder holding only the one test plugin <paramref name="name"/> (its parent directory).</summary>
    public static string TestPluginFolder(string name)
    {
        var isolated = Path.Combine(Path.GetTempPath(), "atlas-test-plugins-" + Environment.ProcessId, name);
        var target = Path.Combine(isolated, name);
        if (!Directory.Exists(target))
        {
            CopyDirectory(Path.Combine(TestPlugins, name), target);
        }
        return isolated;
    }

    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Atlas.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Atlas.sln above {AppContext.BaseDirectory}");
    }
}
