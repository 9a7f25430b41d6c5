using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

public sealed class ManifestTests
{
    /// <summary>The committed aspire-manifest.json must be what the AppHost publishes now; regenerate it with the README's command.</summary>
    [Fact]
    public async Task CommittedManifestMatchesWhatTheAppHostPublishes()
    {
        var generated = Path.Combine(RepositoryPaths.Root, "aspire-manifest.generated.json");
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet",
                ["run", "--project", "TemporalFlow.AppHost", "--no-build", "-c", RepositoryPaths.Configuration, "--no-launch-profile",
                 "--", "--publisher", "manifest", "--output-path", generated],
                RepositoryPaths.Root, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, result.Output);

            var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "aspire-manifest.json"));
            Assert.True(Normalize(committed) == Normalize(await File.ReadAllTextAsync(generated)),
                "aspire-manifest.json is stale. Regenerate it: dotnet run --project TemporalFlow.AppHost -- --publisher manifest --output-path ../aspire-manifest.json");
        }
        finally
        {
            File.Delete(generated);
        }
    }

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
