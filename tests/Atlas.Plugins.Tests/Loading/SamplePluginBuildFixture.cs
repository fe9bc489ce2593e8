using System.Diagnostics;

namespace Atlas.Plugins.Tests.Loading;

/// <summary>
/// Builds the out-of-tree sample plugin (samples/plugins/Atlas.Samples.MeanConfidence, not in Atlas.sln) once per
/// test run with <c>dotnet build</c> as a child process, then lays its output out as a plugin folder:
/// <c>&lt;root&gt;/Atlas.Samples.MeanConfidence/Atlas.Samples.MeanConfidence.dll</c>.
/// </summary>
public sealed class SamplePluginBuildFixture : IDisposable
{
    public const string PluginName = "Atlas.Samples.MeanConfidence";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public SamplePluginBuildFixture()
    {
        TestTorch.Initialize();
        var project = Path.Combine(TestPaths.RepositoryRoot, "samples", "plugins", PluginName, PluginName + ".csproj");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        (ExitCode, BuildOutput) = Build(project, configuration);
        PluginRoot = Path.Combine(Path.GetTempPath(), "atlas-sample-plugin-" + Guid.NewGuid().ToString("N"));
        var output = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0");
        if (ExitCode == 0)
        {
            TestPaths.CopyDirectory(output, Path.Combine(PluginRoot, PluginName));
        }
    }

    public int ExitCode { get; }

    public string BuildOutput { get; }

    /// <summary>The plugin directory to configure: it holds the one sample plugin folder.</summary>
    public string PluginRoot { get; }

    public void Dispose()
    {
        if (Directory.Exists(PluginRoot))
        {
            Directory.Delete(PluginRoot, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Build(string project, string configuration)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", project, "-c", configuration, "-nologo", "-v", "q", "--disable-build-servers", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }
        // The test host's MSBuild settings must not leak into a fresh build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{dotnet}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"dotnet build timed out after {BuildTimeout}");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
