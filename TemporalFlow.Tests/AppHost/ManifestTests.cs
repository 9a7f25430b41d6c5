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

    /// <summary>A deployment authenticates every inbound route: azd must ask for each secret, and none has a default.</summary>
    [Theory]
    [InlineData("WEBHOOK_SECRET", "webhook-secret")]
    [InlineData("SHAREPOINT_CLIENT_STATE", "sharepoint-client-state")]
    [InlineData("EVENTGRID_KEY", "eventgrid-key")]
    public async Task ThePublishedWebhookListenerRequiresEachRoutesSecret(string variable, string parameter)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal($"{{{parameter}.value}}", resources.GetProperty("webhook-listener").GetProperty("env").GetProperty(variable).GetString());
        var input = resources.GetProperty(parameter).GetProperty("inputs").GetProperty("value");
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.False(input.TryGetProperty("default", out _));
    }

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
