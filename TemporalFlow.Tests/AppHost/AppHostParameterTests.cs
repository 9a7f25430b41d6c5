using Aspire.Hosting;
using Aspire.Hosting.Testing;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

/// <summary>The AppHost's parameters reach the services that read them (the model is built, nothing is started).</summary>
public sealed class AppHostParameterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null, "2")]
    [InlineData("4", "4")]
    public async Task EveryServiceThatDeliversOrFindsEventsGetsTheConfiguredShardCount(string? given, string expected)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string[] args = given is null ? ["--LocalCloud:Enabled=true"] : ["--LocalCloud:Enabled=true", $"--Parameters:orchestrator-shards={given}"];
        await using var app = await BuildAsync(args, timeout.Token);

        foreach (var resource in new[] { "webhook-listener", "s3-listener", "chat" })
        {
            var environment = await ResourceEnvironment.OfAsync(app, resource, timeout.Token);
            Assert.Equal((resource, expected), (resource, environment["Orchestrator__Shards"]));
        }
    }

    [Fact]
    public async Task AnExternalClusterIsReachedWithTheConfiguredNamespaceKeyAndTls()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await BuildAsync(["--Temporal:Mode=external", "--Parameters:temporal-address=temporal.example:7233",
            "--Parameters:temporal-namespace=payments.a1b2c", "--Parameters:temporal-api-key=test-key-1", "--Parameters:temporal-tls=true"], timeout.Token);

        var environment = await ResourceEnvironment.OfAsync(app, "orchestrator", timeout.Token);

        Assert.Equal(("temporal.example:7233", "payments.a1b2c", "test-key-1", "true"),
            (environment["TEMPORAL_ADDRESS"], environment["TEMPORAL_NAMESPACE"], environment["TEMPORAL_API_KEY"], environment["TEMPORAL_TLS"]));
    }

    private static async Task<DistributedApplication> BuildAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(args, cancellationToken);
        return await builder.BuildAsync(cancellationToken);
    }
}
