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

    /// <summary>A deployment authenticates every inbound route and the chat's users: azd must ask for each value, and none has a default.</summary>
    [Theory]
    [InlineData("webhook-listener", "WEBHOOK_SECRET", "webhook-secret", true)]
    [InlineData("webhook-listener", "SHAREPOINT_CLIENT_STATE", "sharepoint-client-state", true)]
    [InlineData("webhook-listener", "EVENTGRID_KEY", "eventgrid-key", true)]
    [InlineData("chat", "Chat__Auth__Authority", "chat-oidc-authority", false)]
    [InlineData("chat", "Chat__Auth__ClientId", "chat-oidc-client-id", false)]
    [InlineData("chat", "Chat__Auth__ClientSecret", "chat-oidc-client-secret", true)]
    public async Task ThePublishedServicesRequireTheirCredentials(string resource, string variable, string parameter, bool secret)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal($"{{{parameter}.value}}", resources.GetProperty(resource).GetProperty("env").GetProperty(variable).GetString());
        var input = resources.GetProperty(parameter).GetProperty("inputs").GetProperty("value");
        Assert.Equal(secret, input.TryGetProperty("secret", out var isSecret) && isSecret.GetBoolean());
        Assert.False(input.TryGetProperty("default", out _));
    }

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
