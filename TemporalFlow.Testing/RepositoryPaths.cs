using System.Reflection;

namespace TemporalFlow.Testing;

public static class RepositoryPaths
{
    /// <summary>The clone's root: the folder holding TemporalFlow.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built, so child builds are found where they are.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TemporalFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("TemporalFlow.sln was not found above the test output folder.");
    }
}
