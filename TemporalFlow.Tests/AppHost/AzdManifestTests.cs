using System.Text.Json;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// <c>azd up</c> takes what the AppHost publishes (https://learn.microsoft.com/dotnet/aspire/deployment/azd/aca-deployment):
/// the manifest is regenerated with every deployment setting off and on, and checked against what azd accepts.
/// </summary>
public sealed class AzdManifestTests
{
    /// <summary>Every listener and store a deployment can switch on, the dev-server container chosen explicitly, a managed PostgreSQL.</summary>
    private static readonly string[] EverythingOn =
        ["--Listeners:S3=true", "--Listeners:Azure=true", "--DocumentStores:S3=true", "--DocumentStores:Blob=true", "--Temporal:Mode=container",
         "--Postgres:Mode=external"];

    [Fact]
    public async Task AzureYamlNamesTheAppHostForContainerApps()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Root, "azure.yaml"))).Select(l => l.Trim()).ToList();
        Assert.Contains("project: ./TemporalFlow.AppHost/TemporalFlow.AppHost.csproj", lines);
        Assert.Contains("host: containerapp", lines);
        Assert.Contains("language: dotnet", lines);
    }

    [Fact]
    public async Task ThePublishedManifestIsOneAzdAcceptsWithEverySettingOffAndOn()
    {
        var (defaults, _) = await PublishAsync([]);
        var (everything, output) = await PublishAsync(EverythingOn);

        Assert.Empty(AzdManifestRules.Violations(defaults.RootElement));
        Assert.Empty(AzdManifestRules.Violations(everything.RootElement));

        // Published, Temporal is an external cluster unless the dev server is chosen, and then it keeps its state on a volume.
        Assert.Equal("value.v0", Resource(defaults, "temporal").GetProperty("type").GetString());
        var temporal = Resource(everything, "temporal");
        Assert.Contains("--db-filename", temporal.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(temporal.GetProperty("volumes").EnumerateArray(), v => v.GetProperty("target").GetString() == "/data");
        Assert.Contains("not for production", output, StringComparison.Ordinal);
        Assert.NotEmpty(Resource(defaults, "postgres").GetProperty("volumes").EnumerateArray());
        Assert.False(everything.RootElement.GetProperty("resources").TryGetProperty("postgres", out _)); // external: no container of ours

        // Only what people and webhooks reach from outside has external ingress.
        Assert.Equal(["chat", "webhook-listener"], ExternallyReachable(everything));

        // Each listener and store switched on is deployed with the settings it cannot run without (azd asks for each).
        Assert.Equal("{sqs-queue-url.value}", Env(everything, "s3-listener", "SQS_QUEUE_URL"));
        Assert.Equal("{azure-servicebus-connection-string.value}", Env(everything, "azure-listener", "AZURE_SERVICEBUS_CONNECTION_STRING"));
        Assert.Equal("{document-s3-buckets.value}", Env(everything, "document-worker", "DocumentStores__S3__Buckets"));
        Assert.Equal("{azure-storage-connection-string.value}", Env(everything, "document-worker", "AZURE_STORAGE_CONNECTION_STRING"));
        Assert.False(defaults.RootElement.GetProperty("resources").TryGetProperty("s3-listener", out _));
    }

    /// <summary>The rules themselves catch what azd refuses: each broken manifest below is reported, naming the resource.</summary>
    [Fact]
    public void TheRulesReportWhatAzdRefuses()
    {
        using var broken = JsonDocument.Parse("""
            {"resources": {
              "emulator": {"type": "executable.v0", "command": "dotnet"},
              "two-doors": {"type": "container.v0", "image": "x", "bindings": {
                "a": {"scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 80, "external": true},
                "b": {"scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 81, "external": true}}},
              "raw-tcp": {"type": "container.v0", "image": "x", "bindings": {
                "t": {"scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432, "external": true}}},
              "plain": {"type": "project.v0", "path": "p.csproj", "env": {"WEBHOOK_SECRET": "hunter2", "API_KEY": "{open.value}"}},
              "open": {"type": "parameter.v0", "value": "{open.inputs.value}", "inputs": {"value": {"type": "string"}}}
            }}
            """);

        var problems = AzdManifestRules.Violations(broken.RootElement);

        Assert.Contains(problems, p => p.StartsWith("emulator: azd does not deploy resources of type executable.v0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("two-doors: 2 groups of external bindings", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("raw-tcp: the external binding t is tcp", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("plain: WEBHOOK_SECRET is not taken from secret parameters", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("plain: API_KEY is not taken from secret parameters", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    private static async Task<(JsonDocument Manifest, string Output)> PublishAsync(string[] settings)
    {
        var path = Path.Combine(Path.GetTempPath(), $"temporalflow-manifest-{Guid.NewGuid():N}.json");
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet",
                ["run", "--project", "TemporalFlow.AppHost", "--no-build", "-c", RepositoryPaths.Configuration, "--no-launch-profile",
                 "--", "--publisher", "manifest", "--output-path", path, .. settings],
                RepositoryPaths.Root, TimeSpan.FromMinutes(2));
            Assert.True(result.ExitCode == 0, result.Output);
            return (JsonDocument.Parse(await File.ReadAllTextAsync(path)), result.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonElement Resource(JsonDocument manifest, string name) => manifest.RootElement.GetProperty("resources").GetProperty(name);

    private static string? Env(JsonDocument manifest, string resource, string variable) =>
        Resource(manifest, resource).GetProperty("env").GetProperty(variable).GetString();

    private static List<string> ExternallyReachable(JsonDocument manifest) =>
        manifest.RootElement.GetProperty("resources").EnumerateObject()
            .Where(r => r.Value.TryGetProperty("bindings", out var b) && b.EnumerateObject().Any(x => x.Value.TryGetProperty("external", out var e) && e.GetBoolean()))
            .Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
}
