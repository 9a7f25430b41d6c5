using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task EveryServiceConnectsAsItsOwnRoleAndOnlyTheMigrationsAsTheOwner()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await BuildAsync(["--LocalCloud:Enabled=true"], timeout.Token);

        var migrations = await ResourceEnvironment.OfAsync(app, "migrations", timeout.Token);
        Assert.Contains("Username=postgres", migrations["ConnectionStrings__temporalflow"], StringComparison.Ordinal);
        foreach (var (service, _) in TemporalFlow.Adapters.Postgres.DatabaseRoles.All)
        {
            // The listeners share one role (each keeps payloads before it signals, and may do nothing else).
            foreach (var resource in service == "listener" ? ["webhook-listener", "s3-listener"] : new[] { service })
            {
                var environment = await ResourceEnvironment.OfAsync(app, resource, timeout.Token);
                var connection = new Npgsql.NpgsqlConnectionStringBuilder(environment["ConnectionStrings__temporalflow"]);
                Assert.Equal((resource, TemporalFlow.Adapters.Postgres.DatabaseRoles.RoleOf(service)), (resource, connection.Username));
                Assert.Equal(migrations[$"DatabaseRoles__{service}"], connection.Password); // the password the migrations set on the role
                Assert.DoesNotContain(environment, e => e.Value.Contains("Username=postgres", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task EveryEndpointHasAPortOfItsOwnAndTemporalAnswersOn7233WithItsUiOn8080()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var app = await BuildAsync(["--LocalCloud:Enabled=true"], timeout.Token);

        var ports = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is not null).Select(e => (Endpoint: $"{r.Name}/{e.Name}", Port: e.Port!.Value)))
            .ToList();

        Assert.Empty(ports.GroupBy(p => p.Port).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Endpoint))}"));
        var byEndpoint = ports.ToDictionary(p => p.Endpoint, p => p.Port);
        Assert.Equal((5103, 5106, 5105, 7233, 8080), (byEndpoint["webhook-listener/http"], byEndpoint["s3-listener/http"], byEndpoint["chat/http"], byEndpoint["temporal/grpc"],
            byEndpoint["temporal/ui"]));
    }

    private static async Task<DistributedApplication> BuildAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(args, cancellationToken);
        return await builder.BuildAsync(cancellationToken);
    }
}
