namespace Atlas.Agent.Tests.TestSupport;

/// <summary>Paths inside the source checkout the tests run from (found by walking up to Atlas.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Atlas.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("Atlas.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The shipped sample's task-vector bank.</summary>
    public static string SampleBank() => Path.Combine(Root(), "samples", "fashion-camera", "bank");
}
