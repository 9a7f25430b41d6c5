using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using TemporalFlow.Emulator;
using TemporalFlow.Testing;
using TemporalFlow.Tests.AppHost;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace TemporalFlow.Tests.Deployment;

/// <summary>
/// The application as deployed, with nothing of its own to lean on: <c>Temporal:Mode=external</c> with <c>temporal-api-key</c> and TLS
/// (the Temporal Cloud path), against the emulator serving TLS with a certificate this test made and requiring the key; and
/// <c>Postgres:Mode=external</c>, a server the application does not run, reached with its administrator's credentials. An event
/// flows from the webhook through the orchestrator to its incident workflow, and no log line of any service holds the key.
/// </summary>
public sealed class ExternalServicesEndToEndTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly TestCertificates certificates = new();

    [Fact]
    public async Task EventsFlowEndToEndThroughAClusterThatRequiresTlsAndAnApiKey()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout + EndToEnd.Timeout);
        await using var temporal = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Port = 0,
            TlsCertPath = certificates.CertPath,
            TlsKeyPath = certificates.KeyPath,
            ApiKey = TestSecrets.TemporalApiKey,
        }, cancellationToken: timeout.Token);
        var logs = new CapturedLogs();
        var server = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(
            ["--Temporal:Mode=external", $"--Parameters:temporal-address={temporal.Address}", $"--Parameters:temporal-api-key={TestSecrets.TemporalApiKey}",
             "--Parameters:temporal-tls=true", $"--Parameters:temporal-tls-server-ca-cert={certificates.CaPem}",
             "--Postgres:Mode=external", $"--Parameters:postgres-host={server.Host}", $"--Parameters:postgres-port={server.Port}",
             "--Parameters:postgres-ssl-mode=Disable", $"--Parameters:postgres-admin-username={server.Username}",
             $"--Parameters:postgres-admin-password={server.Password}"], timeout.Token);
        builder.Services.AddLogging(logging => logging.ShowProblemsOnly(resources: LogLevel.Information).AddProvider(logs));
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in new[] { "temporal", "migrations", "orchestrator", "incident-worker", "webhook-listener" })
        {
            await notifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        var eventId = $"cloud-incident-{Guid.NewGuid():N}";
        using var webhooks = app.CreateHttpClient("webhook-listener");
        using var response = await webhooks.PostAsJsonAsync("/webhook",
            new { eventType = "incident", source = "monitoring", eventId, message = "Payment API latency above 2 s" }, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var incidentId = await Poll.UntilAsync(() => IncidentOfAsync(postgres.DataSource, eventId), id => id is not null);
        var client = await TemporalClient.ConnectAsync(new(temporal.Address)
        {
            ApiKey = TestSecrets.TemporalApiKey,
            Tls = new TlsOptions { ServerRootCACert = System.Text.Encoding.ASCII.GetBytes(certificates.CaPem) },
        });
        var incident = await client.GetWorkflowHandle(incidentId!).DescribeAsync();
        Assert.Equal(("IncidentWorkflow", WorkflowExecutionStatus.Running), (incident.WorkflowType, incident.Status));

        Assert.Contains(logs.Lines, l => l.Contains("TemporalFlow.AppHost.Resources.orchestrator", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(TestSecrets.TemporalApiKey, StringComparison.Ordinal));
    }

    public void Dispose() => certificates.Dispose();

    private static async Task<string?> IncidentOfAsync(NpgsqlDataSource database, string eventId)
    {
        await using var command = database.CreateCommand("SELECT incident_id FROM incidents WHERE event_id = @id");
        command.Parameters.AddWithValue("id", eventId);
        return await command.ExecuteScalarAsync() as string;
    }
}
