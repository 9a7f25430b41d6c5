using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.Tests.Support;
using Temporalio.Client;

namespace TemporalFlow.Tests.AppHost;

[Collection(SharedApplication.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DatabaseAcceptsQueriesThroughTheInjectedConnectionString()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var connectionString = await fixture.App.GetConnectionStringAsync("temporalflow", timeout.Token);
        Assert.False(string.IsNullOrEmpty(connectionString));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(timeout.Token);
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("temporalflow", await command.ExecuteScalarAsync(timeout.Token));
    }

    /// <summary>The <c>ui</c> endpoint of the <c>temporal</c> resource answers as Temporal's UI server: its settings and the HTTP API.</summary>
    [Fact]
    public async Task TheTemporalResourcesUiEndpointServesTemporalsHttpApi()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var http = new HttpClient { BaseAddress = fixture.App.GetEndpoint("temporal", "ui") };

        var settings = await http.GetFromJsonAsync<JsonElement>("/api/v1/settings", timeout.Token);
        Assert.Equal("default", settings.GetProperty("DefaultNamespace").GetString());
        var workers = await http.GetFromJsonAsync<JsonElement>(
            $"/api/v1/namespaces/default/task-queues/{(global::TemporalFlow.Core.TaskQueues.Incident)}?taskQueueType=TASK_QUEUE_TYPE_WORKFLOW", timeout.Token);
        Assert.NotEmpty(workers.GetProperty("pollers").EnumerateArray()); // the incident worker polls
    }

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("incident-worker")]
    [InlineData("document-worker")]
    [InlineData("webhook-listener")]
    [InlineData("s3-listener")]
    [InlineData("chat")]
    public async Task EveryHttpProjectReportsHealthyAndAlive(string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var http = fixture.App.CreateHttpClient(resource);

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(timeout.Token));

        using var alive = await http.GetAsync(new Uri("/alive", UriKind.Relative), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task TemporalServerOfTheAppHostServesTheWorkersTaskQueues()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var endpoint = fixture.App.GetEndpoint("temporal", "grpc");
        var client = await TemporalClient.ConnectAsync(new($"{endpoint.Host}:{endpoint.Port}"));

        // The orchestrator worker routes the event and starts the incident workflow, which the incident worker runs.
        var handle = await client.StartWorkflowAsync("RootOrchestratorWorkflow", [new Dictionary<string, object>()],
            new($"apphost-smoke-{Guid.NewGuid():N}", global::TemporalFlow.Core.TaskQueues.RootOrchestrator));
        await handle.SignalAsync("trigger", [new { eventType = "incident", source = "monitoring", message = $"smoke {Guid.NewGuid()}" }]);
        var stats = await WaitForAsync(() => handle.QueryAsync<JsonElement>("stats", []), s => s.GetProperty("routed").GetInt64() == 1, timeout.Token);
        Assert.Equal(1, stats.GetProperty("byEventType").GetProperty("incident").GetProperty("routed").GetInt64());

        var recent = await handle.QueryAsync<JsonElement>("recentEvents", []);
        var incident = client.GetWorkflowHandle(recent[0].GetProperty("workflowId").GetString()!);
        Assert.Equal("IncidentWorkflow", (await incident.DescribeAsync()).WorkflowType);
        await handle.TerminateAsync("test finished");
    }

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("incident-worker")]
    [InlineData("webhook-listener")]
    public async Task ProjectsTalkToTheLocalEmulatorWithoutGrpcCompression(string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var environment = await ResourceEnvironment.OfAsync(fixture.App, resource, timeout.Token);
        Assert.Equal("none", environment["TEMPORAL_GRPC_COMPRESSION"]);

        // What a service builds from that variable: a client that sends requests uncompressed.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(environment.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build().GetTemporalSettings();
        Assert.False(settings.Gzip);
        Assert.True(new ConfigurationBuilder().Build().GetTemporalSettings().Gzip); // elsewhere the SDK's default, gzip
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            await Task.Delay(100, cancellationToken);
        }
    }
}
