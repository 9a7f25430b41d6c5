using System.Net;
using Aspire.Hosting.Testing;
using Npgsql;
using Temporalio.Client;

namespace TemporalFlow.Tests.AppHost;

[Collection(AppHostCollection.Name)]
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

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("incident-worker")]
    [InlineData("webhook-listener")]
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

        // The orchestrator worker polls its queue: a started orchestrator runs its first task and answers a query.
        var handle = await client.StartWorkflowAsync("RootOrchestratorWorkflow", [new { }],
            new($"apphost-smoke-{Guid.NewGuid():N}", Core.TaskQueues.RootOrchestrator));
        await handle.SignalAsync("trigger", [new { eventType = "incident", source = "monitoring", message = "smoke" }]);
        var stats = await WaitForAsync(() => handle.QueryAsync<Dictionary<string, int>>("stats", []), s => s.ContainsKey("incident"), timeout.Token);
        Assert.Equal(1, stats["incident"]);
        await handle.TerminateAsync("test finished");
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
