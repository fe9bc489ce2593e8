namespace Atlas.Engine.Tests.Samples;

/// <summary>Finds files committed to the repository (the shipped sample, docs) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(folder.FullName, "Atlas.sln"))) return folder.FullName;
            }
            throw new DirectoryNotFoundException($"No Atlas.sln above '{AppContext.BaseDirectory}'.");
        }
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
